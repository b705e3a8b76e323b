using System.Text.Json;

namespace AiGateway.Dashboard.Providers.Aws;

/// <summary>
/// A Bedrock connection's own fields (the secret access key is the connection's secret). <paramref name="TagKeys"/> are cost
/// allocation tags to attribute by (comma-separated; IAM-principal tags as <c>iamPrincipal/team</c>); the first is grouped by.
/// <paramref name="LinkedAccounts"/> narrows an organization's payer account to some member accounts.
/// </summary>
/// <paramref name="RoleArn"/>, when set, is assumed with the key (STS AssumeRole, at <paramref name="StsEndpoint"/>): Cost Explorer is then
/// called with the role's temporary credentials and their session token.
public sealed record BedrockSettings(string AccessKeyId, string? Region = null, string? TagKeys = null, string? LinkedAccounts = null, string? CostType = null,
    string? RoleArn = null, string? StsEndpoint = null)
{
    public const string DefaultRegion = "us-east-1";
    public const string DefaultStsEndpoint = "https://sts.amazonaws.com";

    public Uri Sts => new((string.IsNullOrWhiteSpace(StsEndpoint) ? DefaultStsEndpoint : StsEndpoint).TrimEnd('/') + "/");

    public string SigningRegion => string.IsNullOrWhiteSpace(Region) ? DefaultRegion : Region.Trim();

    public string Metric => string.Equals(CostType, "AmortizedCost", StringComparison.OrdinalIgnoreCase) ? "AmortizedCost" : "UnblendedCost";

    public IReadOnlyList<string> Tags => Split(TagKeys);

    public IReadOnlyList<string> Accounts => Split(LinkedAccounts);

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(AccessKeyId) || AccessKeyId.Trim().Length is < 16 or > 128 || !AccessKeyId.Trim().All(char.IsAsciiLetterOrDigit))
            return $"Access key id '{AccessKeyId}' is not an AWS access key id (AKIA… or ASIA…, letters and digits).";
        if (!System.Text.RegularExpressions.Regex.IsMatch(SigningRegion, "^[a-z]{2}(-[a-z]+)+-\\d$")) return $"Region '{Region}' is not an AWS region such as us-east-1.";
        if (Accounts.FirstOrDefault(a => a.Length != 12 || !a.All(char.IsAsciiDigit)) is { } bad) return $"Linked account '{bad}' is not a 12-digit AWS account id.";
        if (RoleArn is { Length: > 0 } role && !System.Text.RegularExpressions.Regex.IsMatch(role, "^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$"))
            return $"Role to assume '{role}' is not an IAM role ARN (arn:aws:iam::123456789012:role/name).";
        if (StsEndpoint is { Length: > 0 } sts && !Uri.TryCreate(sts, UriKind.Absolute, out _)) return $"STS endpoint '{sts}' is not an absolute URL.";
        if (Tags.FirstOrDefault(t => t.Length > 128) is { } longTag) return $"Tag key '{longTag[..20]}…' is longer than 128 characters.";
        return null;
    }

    public string ToJson() => JsonSerializer.Serialize(this, ProviderSettings.Json);

    public static BedrockSettings From(string? json) => ProviderSettings.Read<BedrockSettings>(json, "Amazon Bedrock", "access key id and region");

    private static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}
