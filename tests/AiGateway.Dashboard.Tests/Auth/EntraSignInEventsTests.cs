using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using Microsoft.IdentityModel.Tokens;

namespace AiGateway.Dashboard.Tests.Auth;

public class EntraSignInEventsTests
{
    [Fact]
    public void App_roles_count_as_roles_whichever_name_the_token_handler_gave_them()
    {
        foreach (var roleType in new[] { "roles", ClaimTypes.Role })
        {
            // As the handler hands it over: its role type is "roles", whatever the claims are called.
            var handed = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(roleType, "Finance"), new Claim("name", "Fay"), new Claim("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid-1"),
                 new Claim("http://schemas.microsoft.com/identity/claims/tenantid", "tid-1")], "AuthenticationTypes.Federation", "preferred_username", "roles"));

            var user = EntraSignInEvents.Normalize(handed);

            user.IsInRole(Roles.Finance).ShouldBeTrue(roleType);
            user.Identity!.Name.ShouldBe("Fay");
            (user.FindFirstValue("oid"), user.FindFirstValue("tid")).ShouldBe(("oid-1", "tid-1"));
        }
    }

    [Fact]
    public void A_refused_sign_in_says_why_in_words_never_in_the_failures_own_text()
    {
        EntraSignInEvents.Why(new SecurityTokenInvalidAudienceException("IDX10214: audience 'x' secret detail")).ShouldBe("the token was issued for another application");
        EntraSignInEvents.Why(new Exception("outer", new SecurityTokenSignatureKeyNotFoundException("IDX10503 kid=abc"))).ShouldBe("the token was not signed by the directory's keys");
        EntraSignInEvents.Why(new InvalidOperationException("IDX something")).ShouldBe("the directory's answer could not be verified");

        EntraSignInEvents.Explain(EntraSignInEvents.NoRole, "Nora\u0007 N", "nora@contoso.test", null)
            .ShouldStartWith("You signed in as Nora N (nora@contoso.test), but you have no role in AiGateway Dashboard, so you are not signed in.");
        EntraSignInEvents.Explain(EntraSignInEvents.Unverified, null, null, "the token came from another directory")
            .ShouldStartWith("The sign-in was refused: the token came from another directory.");
        EntraSignInEvents.Explain(null, "x", "y", "z").ShouldBeEmpty();
    }
}
