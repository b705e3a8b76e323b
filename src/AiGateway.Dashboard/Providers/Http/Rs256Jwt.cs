using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AiGateway.Dashboard.Providers.Http;

/// <summary>A compact JWT signed with RS256: what Google's service accounts and Entra ID's certificate credentials assert.</summary>
public static class Rs256Jwt
{
    public static string Sign(RSA key, IReadOnlyDictionary<string, object?> header, IReadOnlyDictionary<string, object?> claims)
    {
        var unsigned = Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header))) + "." + Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(claims)));
        return unsigned + "." + Base64Url(key.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
