namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The one currency every stored figure, budget, total and export is in: <c>Reporting:Currency</c>, fixed when the app
/// starts (decision 017). Amounts billed in any other currency are kept as billed and converted into it at each day's
/// rate; list prices (USD) are converted when usage is costed. An installation keeps its reporting currency: the app
/// refuses to start when the database already holds figures in another one.
/// </summary>
public static class ReportingCurrency
{
    /// <summary>The ISO-4217 code, upper case: USD unless configured.</summary>
    public static string Code { get; private set; } = Money.Usd;

    /// <summary>Why <paramref name="code"/> cannot be a reporting currency, or null when it can.</summary>
    public static string? Problem(string? code) =>
        code is { Length: 3 } c && c.All(char.IsAsciiLetter)
            ? null
            : $"'{code}' is not a three-letter ISO-4217 currency code (for example USD, EUR, GBP).";

    /// <summary>Sets the process's reporting currency at start.</summary>
    public static void Use(string code)
    {
        if (Problem(code) is { } problem) throw new ArgumentException(problem, nameof(code));
        Code = code.ToUpperInvariant();
    }
}
