namespace AiGateway.Dashboard.Providers.Aws;

/// <summary>What signs a request: a key pair, with a session token when the credentials are temporary (an assumed role).</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken, DateTimeOffset? Expires = null)
{
    /// <summary>
    /// The stored secret of a connection: the secret access key, and for temporary credentials (STS, SSO, an assumed role
    /// outside the app) the session token on a second line — the form <see cref="Secret"/> writes.
    /// </summary>
    public static AwsCredentials FromSecret(string accessKeyId, string secret)
    {
        var lines = secret.Split('\n', 2, StringSplitOptions.TrimEntries);
        return new AwsCredentials(accessKeyId, lines[0], lines.Length > 1 && lines[1].Length > 0 ? lines[1] : null);
    }

    /// <summary>What a connection stores: the secret access key, then the session token (if any) on its own line.</summary>
    public static string Secret(string secretAccessKey, string? sessionToken) =>
        string.IsNullOrWhiteSpace(sessionToken) ? secretAccessKey.Trim() : secretAccessKey.Trim() + "\n" + sessionToken.Trim();

    /// <summary>Never the secret or the token, wherever a record would print itself.</summary>
    public override string ToString() => $"AWS credentials {AccessKeyId}";
}
