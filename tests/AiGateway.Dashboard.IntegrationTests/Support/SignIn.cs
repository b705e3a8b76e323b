using System.Text.RegularExpressions;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>Signs a cookie-keeping HttpClient in as a demo persona through the real sign-in form.</summary>
public static partial class SignIn
{
    public static async Task AsAsync(HttpClient client, string persona)
    {
        var page = await client.GetStringAsync("signin");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["persona"] = persona,
            ["returnUrl"] = "/",
        });
        var response = await client.PostAsync("auth/demo-signin", form);
        ((int)response.StatusCode).ShouldBeLessThan(400, $"sign-in as {persona} answered {(int)response.StatusCode}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
