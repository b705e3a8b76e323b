namespace AiGateway.Dashboard.Providers.Aws;

/// <summary>What signs a request: a key pair, with a session token when the credentials are temporary (an assumed role).</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken, DateTimeOffset? Expires = null)
{
    /// <summary>Never the secret or the token, wherever a record would print itself.</summary>
    public override string ToString() => $"AWS credentials {AccessKeyId}";
}
