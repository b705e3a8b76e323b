using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class ApiKeyTests
{
    private static readonly DateTime Now = new(2027, 2, 28, 23, 59, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_key_is_random_named_by_its_prefix_and_stored_only_as_its_hash()
    {
        var (key, prefix, sha) = ApiKey.Generate();
        var (other, _, _) = ApiKey.Generate();

        key.ShouldMatch("^aigw_[0-9a-f]{8}_[0-9a-f]{40}$");
        prefix.ShouldBe(key[..13]);
        sha.ShouldBe(ApiKey.HashOf(key));
        sha.Length.ShouldBe(64);
        sha.ShouldNotContain(key[14..]);
        other.ShouldNotBe(key);
    }

    [Fact]
    public void A_key_signs_in_until_it_expires_or_is_revoked_and_says_which()
    {
        var key = new ApiKey { Prefix = "aigw_0123abcd", ExpiresUtc = Now.AddMinutes(1) };
        (key.IsUsableAt(Now), key.StatusAt(Now), key.RefusalAt(Now)).ShouldBe((true, "active", null));

        key.IsUsableAt(Now.AddMinutes(1)).ShouldBeFalse("the expiry instant itself is past");
        key.RefusalAt(Now.AddDays(1)).ShouldBe("The API key aigw_0123abcd… expired at 2027-03-01 00:00 UTC.");

        key.RevokedUtc = Now.AddSeconds(-30);
        (key.StatusAt(Now), key.RefusalAt(Now)).ShouldBe(("revoked", "The API key aigw_0123abcd… was revoked at 2027-02-28 23:58 UTC."));
        new ApiKey().IsUsableAt(DateTime.MaxValue.AddTicks(-1)).ShouldBeTrue("no expiry");
    }

    [Fact]
    public void Bad_names_scopes_and_expiry_are_each_named()
    {
        ApiKey.Problems("Gateway", ["spend:read"], Now.AddDays(90), Now, ApiScopes.All).ShouldBeEmpty();
        ApiKey.Problems(" ", null, null, Now, ApiScopes.All).ShouldBe(["name is required.", $"scopes must name at least one of: {string.Join(", ", ApiScopes.All)}."]);
        ApiKey.Problems(new string('x', 101), ["spend:read", "root"], Now, Now, ApiScopes.All)
            .ShouldBe(["name must be at most 100 characters.", $"scope 'root' is not one of: {string.Join(", ", ApiScopes.All)}.", "expiresUtc must be in the future."]);
        ApiKey.Problems("bell\u0007", ["admin"], Now.AddDays(731), Now, ApiScopes.All)
            .ShouldBe(["name must not contain control characters.", "expiresUtc must be within 730 days."]);
    }
}
