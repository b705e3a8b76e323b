namespace AiGateway.Dashboard.Configuration;

public sealed class BooksOptions
{
    public const string Section = "Books";
    public const string Proportional = "proportional";

    /// <summary>
    /// The day of the next month from which a month closes without a confirmation: providers have usually
    /// restated it by then. Closing earlier is allowed, with a confirmation that is recorded.
    /// </summary>
    public int CloseFromDay { get; set; } = 10;

    /// <summary>The general-ledger account AI spend is charged to in the chargeback journal.</summary>
    public string GlAccount { get; set; } = "6420";

    /// <summary>A different account per provider (key: the provider's name, e.g. "Anthropic").</summary>
    public Dictionary<string, string> GlAccounts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where the journal charges unallocated spend: an org unit code, or <c>proportional</c> (the default) to spread it
    /// over the cost centres in proportion to their allocated spend, on a line of its own.
    /// </summary>
    public string UnallocatedTo { get; set; } = Proportional;
}
