using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

/// <summary>Called directly, bypassing the gateway: the service checks every token and every agency itself.</summary>
public sealed class AccessTests
{
    private static readonly string Police = TestIdentity.AgencyClient("police");
    private static readonly string Education = TestIdentity.AgencyClient("education");

    private static async Task<HttpStatusCode> StatusWithTokenAsync(ReferralTestContext context, string token)
    {
        using var client = await context.ClientAsAsync(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/referrals/risk-factors")).StatusCode;
    }

    private static Dictionary<string, object> Claims(string scope = "referrals") => new()
    {
        ["sub"] = Police,
        ["client_id"] = Police,
        ["agency"] = "police",
        ["role"] = "agency-system",
        ["scope"] = scope,
    };

    [Fact]
    public async Task Only_a_current_token_from_the_trusted_issuer_for_this_audience_gets_in()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var issuer = (await TestIdentity.AuthorityAsync()).ToString();
        var future = DateTime.UtcNow.AddMinutes(5);

        using var anonymous = await context.ClientAsAsync(null);
        var none = await anonymous.GetAsync("/api/referrals/risk-factors");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid())).StatusCode);

        // The control: a token minted with the issuer's key and the right claims is accepted, so each refusal below is for its one fault.
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(context, TestIdentity.Mint(issuer, "yisp-api", future, Claims())));
        Assert.Equal(HttpStatusCode.Unauthorized,
            await StatusWithTokenAsync(context, TestIdentity.Mint(issuer, "yisp-api", DateTime.UtcNow.AddMinutes(-2), Claims())));
        Assert.Equal(HttpStatusCode.Unauthorized,
            await StatusWithTokenAsync(context, TestIdentity.Mint("https://impostor.example/", "yisp-api", future, Claims())));
        Assert.Equal(HttpStatusCode.Unauthorized,
            await StatusWithTokenAsync(context, TestIdentity.Mint(issuer, "another-api", future, Claims())));
        using var forger = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized,
            await StatusWithTokenAsync(context, TestIdentity.Mint(issuer, "yisp-api", future, Claims(), forger)));
        var genuine = await TestIdentity.TokenAsync(Police);
        var tampered = genuine[..genuine.LastIndexOf('.')] + "." + Convert.ToBase64String(new byte[256]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(context, tampered));
        Assert.Equal(0, await context.ScalarAsync<long>("SELECT count(*) FROM referrals"));
    }

    [Fact]
    public async Task A_missing_scope_or_role_is_forbidden()
    {
        await using var context = await ReferralTestContext.StartAsync();
        using var unscoped = await context.ClientAsAsync(TestIdentity.Unscoped);
        Assert.Equal(HttpStatusCode.Forbidden, (await unscoped.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid())).StatusCode);

        using var police = await context.ClientAsAsync(Police);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync("/api/referrals?status=received")).StatusCode);
        var created = await police.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{id}/screening-override")
        {
            Content = JsonContent.Create(new { outcome = "eligible", reason = "Panel knows the family." }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await police.SendAsync(request)).StatusCode);
        Assert.Equal(created.Headers.ETag!.ToString(), (await police.GetAsync($"/api/referrals/{id}")).Headers.ETag!.ToString()); // unchanged
    }

    [Fact]
    public async Task An_agency_sees_only_its_own_referrals_and_every_refusal_is_audited()
    {
        await using var context = await ReferralTestContext.StartAsync();
        using var police = await context.ClientAsAsync(Police);
        using var education = await context.ClientAsAsync(Education);

        var forOtherAgency = await education.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid(agency: "police"));
        Assert.Equal(HttpStatusCode.Forbidden, forOtherAgency.StatusCode);
        Assert.Contains("referringAgency", await forOtherAgency.Content.ReadAsStringAsync());

        var created = await police.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync($"/api/referrals/{id}")).StatusCode);

        // Headers cannot stand in for a token's claims.
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/api/referrals/{id}");
        forged.Headers.Add("X-Agency", "police");
        forged.Headers.Add("X-Forwarded-User", Police);
        forged.Headers.Add("X-Forwarded-For", "127.0.0.1");
        var refused = await education.SendAsync(forged);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("O'Neill", await refused.Content.ReadAsStringAsync());

        var outcomes = (await context.ScalarAsync<string>(
            "SELECT string_agg(agency || ':' || outcome || ':' || coalesce(owner_agency, '-'), ',' ORDER BY sequence) FROM audit_log WHERE resource_id = @id",
            new { id = id.ToString() })).Split(',');
        Assert.Equal(["police:allowed:police", "police:allowed:police", "education:denied:police"], outcomes);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_the_client_that_chose_them()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police"));
        using var police = await context.ClientAsAsync(Police);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = JsonContent.Create(ReferralPayloads.Valid(givenName: "Robin", nhsNumber: ReferralPayloads.NhsNumber(7))),
        };
        request.Headers.Add("Idempotency-Key", "shared-key-1");
        using var coordinatorRequest = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = JsonContent.Create(ReferralPayloads.Valid(givenName: "Kit", nhsNumber: ReferralPayloads.NhsNumber(8))),
        };
        coordinatorRequest.Headers.Add("Idempotency-Key", "shared-key-1");

        var byCoordinator = await context.Client.SendAsync(coordinatorRequest);
        var byPolice = await police.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, byCoordinator.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byPolice.StatusCode);
        Assert.NotEqual((await byCoordinator.Content.ReadFromJsonAsync<JsonElement>()).Id(), (await byPolice.Content.ReadFromJsonAsync<JsonElement>()).Id());
        Assert.Equal(3, await context.ScalarAsync<long>("SELECT count(*) FROM referrals"));
        Assert.NotEqual(Guid.Empty, first.Id());
    }

    [Fact]
    public async Task An_incomplete_referral_from_an_agency_system_is_a_400_naming_every_missing_field_not_a_403()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var police = await context.ClientAsAsync(Police);

        var empty = await police.PostAsJsonAsync("/api/referrals", new { });
        var problem = await empty.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        foreach (var field in new[] { "referringAgency", "child", "reasons" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} is named in {problem}");
        }
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
    }
}
