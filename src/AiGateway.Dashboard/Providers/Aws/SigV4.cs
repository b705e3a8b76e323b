using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiGateway.Dashboard.Providers.Aws;

/// <summary>
/// AWS Signature Version 4 for one request (the JSON services we call: POST with a body). Tested against AWS's published
/// test-suite vectors (get-vanilla, post-x-www-form-urlencoded). The secret never leaves this method.
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>
    /// The headers to add: <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> when a session token is given, and <c>Authorization</c>.
    /// <paramref name="headers"/> are the other headers to sign (for example content-type and x-amz-target); host is always signed.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Sign(string method, Uri uri, IEnumerable<(string Name, string Value)> headers, byte[] body,
        string accessKeyId, string secretAccessKey, string? sessionToken, string region, string service, DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var dateStamp = amzDate[..8];
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, value) in headers) signed[name.ToLowerInvariant()] = string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (!string.IsNullOrEmpty(sessionToken)) signed["x-amz-security-token"] = sessionToken;

        var signedHeaders = string.Join(';', signed.Keys);
        var canonical = string.Join('\n',
            method.ToUpperInvariant(),
            CanonicalPath(uri),
            CanonicalQuery(uri),
            string.Concat(signed.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            Hex(SHA256.HashData(body)));
        var scope = $"{dateStamp}/{region}/{service}/aws4_request";
        var toSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = SigningKey(secretAccessKey, dateStamp, region, service);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));

        var result = new List<(string, string)> { ("X-Amz-Date", amzDate) };
        if (!string.IsNullOrEmpty(sessionToken)) result.Add(("X-Amz-Security-Token", sessionToken));
        result.Add(("Authorization", $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return result;
    }

    public static byte[] SigningKey(string secretAccessKey, string dateStamp, string region, string service)
    {
        var k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(dateStamp));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(region));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(k, "aws4_request"u8.ToArray());
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (string.IsNullOrEmpty(path)) return "/";
        return string.Join('/', path.Split('/').Select(s => Encode(Uri.UnescapeDataString(s))));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return "";
        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    // RFC 3986 unreserved characters stay; everything else is %XX (upper case).
    private static string Encode(string text)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
