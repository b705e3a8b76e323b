using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Dashboard.Providers.Vertex;

/// <summary>A Google service-account key (the JSON a person downloads), and the signed JWT that is exchanged for an access token at its <c>token_uri</c>.</summary>
public sealed record ServiceAccountKey(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("client_email")] string? ClientEmail,
    [property: JsonPropertyName("private_key_id")] string? PrivateKeyId,
    [property: JsonPropertyName("private_key")] string? PrivateKey,
    [property: JsonPropertyName("token_uri")] string? TokenUri)
{
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";
    public const string BigQueryReadOnly = "https://www.googleapis.com/auth/bigquery.readonly";

    /// <summary>Never the private key, wherever a record would print itself (logs, exceptions).</summary>
    public override string ToString() => $"service account {ClientEmail}";

    public Uri TokenEndpoint => new(string.IsNullOrWhiteSpace(TokenUri) ? DefaultTokenUri : TokenUri);

    public static ServiceAccountKey Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) throw new InvalidOperationException("The Vertex AI connection has no service-account key: edit it and paste the key JSON.");
        ServiceAccountKey? key;
        try
        {
            key = JsonSerializer.Deserialize<ServiceAccountKey>(json);
        }
        catch (JsonException)
        {
            // The message would quote the key: never.
            throw new InvalidOperationException("The Vertex AI connection's secret is not a service-account key JSON: paste the whole file Google gave you.");
        }
        if (key is null || key.Type != "service_account" || string.IsNullOrEmpty(key.ClientEmail) || string.IsNullOrEmpty(key.PrivateKey))
            throw new InvalidOperationException("The Vertex AI connection's secret is not a service-account key (it needs type \"service_account\", client_email and private_key).");
        return key;
    }

    /// <summary>An RS256 JWT asserting the service account for <paramref name="scope"/>, valid for an hour from <paramref name="now"/>.</summary>
    public string Assertion(string scope, DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(PrivateKey);
        }
        catch (ArgumentException)
        {
            throw new InvalidOperationException("The service-account key's private_key is not a PEM private key.");
        }
        return Http.Rs256Jwt.Sign(rsa, new Dictionary<string, object?> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = PrivateKeyId }, new Dictionary<string, object?>
        {
            ["iss"] = ClientEmail, ["scope"] = scope, ["aud"] = TokenEndpoint.ToString(),
            ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        });
    }
}
