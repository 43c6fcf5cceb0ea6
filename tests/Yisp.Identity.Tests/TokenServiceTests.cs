using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Yisp.Identity;
using Yisp.Referral;
using Yisp.Testing;

namespace Yisp.Identity.Tests;

public sealed class TokenServiceTests
{
    private static readonly HttpClient Http = new();

    private static Dictionary<string, string?> PortalAndPerson() => new(TestIdentity.Registrations())
    {
        ["Identity:Clients:portal:Agency"] = "youth-service",
        ["Identity:Clients:portal:AllowPasswordGrant"] = "true",
        ["Identity:Clients:portal:Scopes:0"] = "interventions",
        ["Identity:Clients:portal:Scopes:1"] = "consent",
        ["Identity:Users:pat.panel:PasswordHash"] = SecretHasher.Hash("correct horse", iterations: 1_000),
        ["Identity:Users:pat.panel:Agency"] = "childrens-social-care",
        ["Identity:Users:pat.panel:Roles:0"] = "panel-member",
        ["Identity:Users:pat.panel:Scopes:0"] = "interventions",
        ["Identity:Users:pat.panel:Scopes:1"] = "referrals",
    };

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(Uri authority, params (string Key, string Value)[] form)
    {
        var response = await Http.PostAsync(new Uri(authority, "connect/token"),
            new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static (string, string)[] Credentials(string clientId, string? secret = null, params (string, string)[] extra) =>
        [("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret ?? TestIdentity.SecretOf(clientId)), .. extra];

    [Fact]
    public async Task An_agency_system_gets_a_short_lived_signed_token_with_its_agency_roles_and_scopes()
    {
        var authority = await TestIdentity.AuthorityAsync();
        var client = TestIdentity.AgencyClient("health");
        var (status, body) = await RequestAsync(authority, Credentials(client, extra: ("scope", "referrals consent")));

        Assert.Equal(HttpStatusCode.OK, status);
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal(authority.ToString(), token.Issuer);
        Assert.Equal(["yisp-api"], token.Audiences);
        Assert.Equal(TestIdentity.SigningKeyId, token.Kid);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("health", token.GetClaim("agency").Value);
        Assert.Equal(client, token.GetClaim("client_id").Value);
        Assert.Equal("agency-system", token.GetClaim("role").Value);
        Assert.Equal(["consent", "referrals"], token.GetClaim("scope").Value.Split(' ').Order());
        Assert.Equal(TimeSpan.FromMinutes(10), token.ValidTo - token.IssuedAt);
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 590, 600);
    }

    [Fact]
    public async Task Unknown_clients_wrong_secrets_and_scopes_beyond_the_registration_are_refused()
    {
        var authority = await TestIdentity.AuthorityAsync();
        var police = TestIdentity.AgencyClient("police");

        Assert.Equal("invalid_client", (await RequestAsync(authority, Credentials("no-such-client", "x"))).Body.GetProperty("error").GetString());
        Assert.Equal("invalid_client", (await RequestAsync(authority, Credentials(police, "wrong-secret"))).Body.GetProperty("error").GetString());
        var (status, scope) = await RequestAsync(authority, Credentials(TestIdentity.Auditor, extra: ("scope", "audit referrals")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", scope.GetProperty("error").GetString());
        Assert.Contains("referrals", scope.GetProperty("error_description").GetString());
        var (_, password) = await RequestAsync(authority,
            ("grant_type", "password"), ("client_id", police), ("client_secret", TestIdentity.SecretOf(police)), ("username", "x"), ("password", "y"));
        Assert.Equal("unauthorized_client", password.GetProperty("error").GetString());
    }

    [Fact]
    public async Task People_sign_in_through_a_client_that_allows_it_and_get_their_own_agency_and_role()
    {
        var (app, authority) = await TestIdentity.StartHostAsync(PortalAndPerson());
        await using var _ = app;

        var (status, body) = await RequestAsync(authority,
            ("grant_type", "password"), ("client_id", "portal"), ("username", "pat.panel"), ("password", "correct horse"));
        var (wrongStatus, wrong) = await RequestAsync(authority,
            ("grant_type", "password"), ("client_id", "portal"), ("username", "pat.panel"), ("password", "wrong horse"));
        var (outside, _) = await RequestAsync(authority,
            ("grant_type", "password"), ("client_id", "portal"), ("username", "pat.panel"), ("password", "correct horse"), ("scope", "referrals"));

        Assert.Equal(HttpStatusCode.OK, status);
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("pat.panel", token.Subject);
        Assert.Equal("childrens-social-care", token.GetClaim("agency").Value);
        Assert.Equal("panel-member", token.GetClaim("role").Value);
        Assert.Equal("interventions", token.GetClaim("scope").Value); // the person's scopes that the portal may also carry
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, outside);
    }

    [Fact]
    public async Task A_registration_naming_an_unknown_agency_or_role_stops_the_service_from_starting()
    {
        var settings = new Dictionary<string, string?>(TestIdentity.Registrations())
        {
            ["Identity:Clients:stray:SecretHash"] = "not-a-hash",
            ["Identity:Clients:weak:SecretHash"] = "pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA==$AA==",
            ["Identity:Clients:weak:Agency"] = "police",
            ["Identity:Clients:stray:Agency"] = "martians",
            ["Identity:Clients:stray:Roles:0"] = "overlord",
        };
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestIdentity.StartHostAsync(settings));
        Assert.Contains("Identity:Clients:stray:Agency", failure.Message);
        Assert.Contains("Identity:Clients:stray:Roles 'overlord'", failure.Message);
        Assert.Contains("Identity:Clients:stray:SecretHash", failure.Message);
        Assert.Contains("Identity:Clients:weak:SecretHash", failure.Message);
    }

    [Fact]
    public async Task After_a_key_rotation_services_accept_tokens_signed_by_the_new_key_and_by_the_retiring_one()
    {
        using var newKey = RSA.Create(2048);
        var settings = new Dictionary<string, string?>(TestIdentity.Registrations())
        {
            ["Identity:SigningKeys:0:KeyId"] = "key-2026-12",
            ["Identity:SigningKeys:0:PrivateKeyPem"] = newKey.ExportPkcs8PrivateKeyPem(),
            ["Identity:SigningKeys:1:KeyId"] = TestIdentity.SigningKeyId,
            ["Identity:SigningKeys:1:PrivateKeyPem"] = TestIdentity.SigningKey.ExportPkcs8PrivateKeyPem(),
        };
        var (app, authority) = await TestIdentity.StartHostAsync(settings);
        await using var _ = app;
        var jwks = await Http.GetFromJsonAsync<JsonElement>(new Uri(authority, ".well-known/jwks"));
        Assert.Equal(["key-2026-12", TestIdentity.SigningKeyId], jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Order());

        await using var referral = await ServiceTestContext<ReferralServiceMarker>.StartAsync(new()
        {
            ["Auth:Authority"] = authority.ToString(),
        });
        var client = TestIdentity.AgencyClient("police");
        var fresh = (await RequestAsync(authority, Credentials(client))).Body.GetProperty("access_token").GetString()!;
        Assert.Equal("key-2026-12", new JsonWebToken(fresh).Kid);
        var retiring = TestIdentity.Mint(authority.ToString(), "yisp-api", DateTime.UtcNow.AddMinutes(5), new Dictionary<string, object>
        {
            ["sub"] = client,
            ["client_id"] = client,
            ["agency"] = "police",
            ["role"] = "agency-system",
            ["scope"] = "referrals",
        });
        foreach (var token in new[] { fresh, retiring })
        {
            using var call = await referral.ClientAsAsync(null);
            call.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await call.GetAsync("/api/referrals/risk-factors")).StatusCode);
        }
    }
}
