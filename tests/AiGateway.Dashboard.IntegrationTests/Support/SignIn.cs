using System.Text.RegularExpressions;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>Signs a cookie-keeping HttpClient in as a demo persona through the real sign-in form.</summary>
public static partial class SignIn
{
    public static async Task AsAsync(HttpClient client, string persona)
    {
        var token = await FormTokenAsync(client);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["persona"] = persona,
            ["returnUrl"] = "/",
        });
        var response = await client.PostAsync("auth/demo-signin", form);
        ((int)response.StatusCode).ShouldBeLessThan(400, $"sign-in as {persona} answered {(int)response.StatusCode}");
        // As a person's script does: the antiforgery header on every state-changing request.
        client.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        using var signedIn = await client.GetAsync("auth/antiforgery");
        if (signedIn.IsSuccessStatusCode) client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await AntiforgeryTokenAsync(client));
    }

    /// <summary>The antiforgery field of the sign-in form (its cookie lands in the client's jar).</summary>
    public static async Task<string> FormTokenAsync(HttpClient client)
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync("signin")).Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("auth/antiforgery")).RootElement;
        json.GetProperty("headerName").GetString().ShouldBe("X-CSRF-TOKEN");
        return json.GetProperty("token").GetString().ShouldNotBeNull();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
