namespace AiGateway.Dashboard.Features.Books;

/// <summary>A close or reopen that cannot go ahead, with the HTTP status it maps to and what would need confirming.</summary>
public sealed class BooksException(int status, string title, string message, IReadOnlyList<string>? cautions = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    /// <summary>What the person must confirm (<c>confirmEarly</c>) for the close to go ahead; empty when a confirmation would not help.</summary>
    public IReadOnlyList<string> Cautions { get; } = cautions ?? [];
}
