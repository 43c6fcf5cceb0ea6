using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>Calls the gateway turns away never reach a service, so the gateway records them in its own chained trail.</summary>
public sealed class GatewayRefusalAuditTests(GatewayPlatform fixture) : IClassFixture<GatewayPlatform>
{
    private PlatformProcesses Platform => fixture.Platform;

    [Fact]
    public async Task A_refusal_at_the_gateway_is_recorded_naming_the_rule_and_the_chain_catches_a_changed_row()
    {
        using var police = await Platform.GatewayClientAsync(TestIdentity.AgencyClient("police"));
        using var unscoped = await Platform.GatewayClientAsync(TestIdentity.Unscoped);
        using var coordinator = await Platform.GatewayClientAsync(TestIdentity.Coordinator);
        using var auditor = await Platform.GatewayClientAsync(TestIdentity.Auditor);
        using var anonymous = new HttpClient { BaseAddress = Platform.Gateway.BaseAddress };
        using var forger = new HttpClient { BaseAddress = Platform.Gateway.BaseAddress };
        forger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.Mint(
            Platform.PublicUrl + "/", "yisp-api", DateTime.UtcNow.AddMinutes(5),
            new Dictionary<string, object> { ["client_id"] = "forged", ["scope"] = "referrals" }, RSA.Create(2048)));
        var correlationId = "gateway-refusal-" + Guid.NewGuid().ToString("N");

        using var panelOnly = new HttpRequestMessage(HttpMethod.Get, "api/referrals?status=received&name=Jane-Doe");
        panelOnly.Headers.Add("X-Correlation-Id", correlationId);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.SendAsync(panelOnly)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unscoped.GetAsync("api/referrals/risk-factors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("api/referrals/risk-factors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/referrals/risk-factors")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("api/referrals?status=received")).StatusCode);

        var records = (await auditor.GetFromJsonAsync<JsonElement>("api/gateway/audit?limit=500")).GetProperty("records").EnumerateArray().ToList();
        var denied = Assert.Single(records, r => r.GetProperty("correlationId").GetString() == correlationId);
        Assert.Equal("denied", denied.GetProperty("outcome").GetString());
        Assert.Equal(TestIdentity.AgencyClient("police"), denied.GetProperty("clientId").GetString());
        Assert.Equal("police", denied.GetProperty("agency").GetString());
        Assert.Equal("referral-search", denied.GetProperty("resourceId").GetString());
        Assert.Equal("GET /api/referrals", denied.GetProperty("action").GetString());
        Assert.Equal("panel:referrals: role", denied.GetProperty("purpose").GetString());
        var noScope = Assert.Single(records, r => r.GetProperty("clientId").GetString() == TestIdentity.Unscoped);
        Assert.Equal("scope:referrals: scope referrals", noScope.GetProperty("purpose").GetString());
        var badToken = Assert.Single(records, r => r.GetProperty("outcome").GetString() == "unauthenticated");
        Assert.Equal("-", badToken.GetProperty("clientId").GetString()); // an unverified token's claims are not believed
        Assert.Equal("token signature not valid", badToken.GetProperty("purpose").GetString());
        Assert.Equal(3, records.Count); // nothing for the anonymous call, the allowed one or the auditor's own reads
        Assert.DoesNotContain(records, r => r.GetRawText().Contains("Jane-Doe", StringComparison.Ordinal));

        var verified = await auditor.GetFromJsonAsync<JsonElement>("api/gateway/audit/verify");
        Assert.True(verified.GetProperty("intact").GetBoolean(), verified.GetRawText());
        Assert.Equal(3, verified.GetProperty("records").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync("api/gateway/audit")).StatusCode); // auditors only

        await using (var connection = new NpgsqlConnection(Platform.GatewayDatabase.ConnectionString))
        {
            await connection.ExecuteAsync("UPDATE audit_log SET client_id = 'someone-else' WHERE correlation_id = @correlationId", new { correlationId });
        }
        var tampered = await auditor.GetFromJsonAsync<JsonElement>("api/gateway/audit/verify");
        Assert.False(tampered.GetProperty("intact").GetBoolean());
        Assert.Contains(tampered.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("has been changed", StringComparison.Ordinal));
    }
}
