using AiGateway.Dashboard.Providers.Aws;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>Our SigV4 signer against AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE, 2015-08-30 12:36:00Z).</summary>
public class SigV4Tests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset At = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static string Authorization(IReadOnlyList<(string Name, string Value)> headers) => headers.Single(h => h.Name == "Authorization").Value;

    [Fact]
    public void The_get_vanilla_vector()
    {
        var headers = SigV4.Sign("GET", new Uri("https://example.amazonaws.com/"), [], [], AccessKey, Secret, null, "us-east-1", "service", At);

        Authorization(headers).ShouldBe("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        headers.Single(h => h.Name == "X-Amz-Date").Value.ShouldBe("20150830T123600Z");
    }

    [Fact]
    public void The_post_x_www_form_urlencoded_vector()
    {
        var headers = SigV4.Sign("POST", new Uri("https://example.amazonaws.com/"), [("Content-Type", "application/x-www-form-urlencoded")], "Param1=value1"u8.ToArray(),
            AccessKey, Secret, null, "us-east-1", "service", At);

        Authorization(headers).ShouldBe("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    }

    [Fact]
    public void A_session_token_is_signed_and_sent_and_the_secret_never_appears()
    {
        var headers = SigV4.Sign("POST", new Uri("https://ce.us-east-1.amazonaws.com/"), [("Content-Type", "application/x-amz-json-1.1")], "{}"u8.ToArray(),
            AccessKey, Secret, "session-token", "us-east-1", "ce", At);

        Authorization(headers).ShouldContain("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,");
        headers.Single(h => h.Name == "X-Amz-Security-Token").Value.ShouldBe("session-token");
        headers.ShouldAllBe(h => !h.Value.Contains(Secret));
    }

    [Fact]
    public void A_different_secret_or_day_gives_a_different_signature() =>
        Authorization(SigV4.Sign("GET", new Uri("https://example.amazonaws.com/"), [], [], AccessKey, "another", null, "us-east-1", "service", At))
            .ShouldNotBe(Authorization(SigV4.Sign("GET", new Uri("https://example.amazonaws.com/"), [], [], AccessKey, Secret, null, "us-east-1", "service", At)));
}
