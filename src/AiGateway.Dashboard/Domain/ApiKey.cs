using System.Security.Cryptography;
using System.Text;

namespace AiGateway.Dashboard.Domain;

/// <summary>
/// An API key made in the app by an admin. Only its SHA-256 is stored, with a short prefix that names it on screen
/// (<c>aigw_3f9a1c2b…</c>); the key itself is shown once, when it is made. A revoked or expired key no longer signs in.
/// </summary>
public class ApiKey
{
    public const int MaxNameLength = 100;
    public const int MaxLifetimeDays = 730;
    /// <summary>"aigw_" and 8 hex digits: enough to tell keys apart on screen and in logs, nothing to sign in with.</summary>
    public const int PrefixLength = 13;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    /// <summary>Upper-case hex SHA-256 of the key's UTF-8 text.</summary>
    public string Sha256 { get; set; } = "";
    /// <summary>Scopes, space-separated (<c>spend:read budgets:check</c>).</summary>
    public string Scopes { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? ExpiresUtc { get; set; }
    public DateTime? LastUsedUtc { get; set; }
    public string? LastUsedFrom { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public string? RevokedBy { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsUsableAt(DateTime nowUtc) => RevokedUtc is null && (ExpiresUtc is not { } expires || nowUtc < expires);

    /// <summary>"active", "expired" or "revoked".</summary>
    public string StatusAt(DateTime nowUtc) => RevokedUtc is not null ? "revoked" : IsUsableAt(nowUtc) ? "active" : "expired";

    /// <summary>Why this key does not sign in at <paramref name="nowUtc"/>, in a sentence for the caller; null when it does.</summary>
    public string? RefusalAt(DateTime nowUtc) => RevokedUtc is { } revoked
        ? $"The API key {Prefix}… was revoked at {revoked:yyyy-MM-dd HH:mm} UTC."
        : ExpiresUtc is { } expires && nowUtc >= expires ? $"The API key {Prefix}… expired at {expires:yyyy-MM-dd HH:mm} UTC." : null;

    /// <summary>A new random key (160 bits) and what is stored of it.</summary>
    public static (string Key, string Prefix, string Sha256) Generate()
    {
        var key = "aigw_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        return (key, key[..PrefixLength], HashOf(key));
    }

    public static string HashOf(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What is wrong with a new key's fields, each a sentence naming its field; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(string? name, IReadOnlyCollection<string>? scopes, DateTime? expiresUtc, DateTime nowUtc, IReadOnlyCollection<string> knownScopes)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name)) problems.Add("name is required.");
        else if (name.Trim().Length > MaxNameLength) problems.Add($"name must be at most {MaxNameLength} characters.");
        else if (name.Any(char.IsControl)) problems.Add("name must not contain control characters.");
        if (scopes is null || scopes.Count == 0) problems.Add($"scopes must name at least one of: {string.Join(", ", knownScopes)}.");
        else if (scopes.FirstOrDefault(s => !knownScopes.Contains(s)) is { } unknown) problems.Add($"scope '{unknown}' is not one of: {string.Join(", ", knownScopes)}.");
        if (expiresUtc is { } expires)
        {
            if (expires <= nowUtc) problems.Add("expiresUtc must be in the future.");
            else if (expires > nowUtc.AddDays(MaxLifetimeDays)) problems.Add($"expiresUtc must be within {MaxLifetimeDays} days.");
        }
        return problems;
    }
}
