using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>One platform (real processes) with a low per-agency rate limit and a dead second referral instance.</summary>
public sealed class GatewayPlatform : IAsyncLifetime
{
    public const int PermitsPerMinute = 8;

    public TestDatabase ReferralDatabase { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public PlatformProcesses Platform { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ReferralDatabase = await TestDatabase.CreateAsync();
        VirtualHost = await TestVirtualHost.CreateAsync();
        Platform = await PlatformProcesses.StartAsync(ReferralDatabase, VirtualHost, new Dictionary<string, string?>
        {
            ["Gateway__RateLimit__PermitsPerWindow"] = PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway__RateLimit__Window"] = "00:01:00",
            ["Gateway__MaxRequestBodyBytes"] = "65536",
            ["ReverseProxy__Clusters__referral__Destinations__dead__Address"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}/",
            ["ReverseProxy__Clusters__referral__HealthCheck__Active__Interval"] = "00:00:01",
        });
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few probe intervals: long enough for the dead instance to be taken out
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await ReferralDatabase.DisposeAsync();
    }
}

public sealed partial class GatewayTests(GatewayPlatform fixture) : IClassFixture<GatewayPlatform>
{
    private PlatformProcesses Platform => fixture.Platform;

    [Fact]
    public async Task Only_authenticated_callers_pass_and_health_discovery_and_docs_are_open_by_choice()
    {
        using var anonymous = new HttpClient { BaseAddress = Platform.Gateway.BaseAddress };
        var refused = await anonymous.GetAsync("api/referrals/risk-factors");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("api/referrals", ReferralPayloads.Valid())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/interventions/catalogue/domains")).StatusCode);
        Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", refused.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'none'", refused.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", refused.Headers.CacheControl!.ToString());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health/ready")).StatusCode);
        var discovery = await anonymous.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration");
        Assert.Contains("client_credentials", discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
        foreach (var document in new[] { "referral", "consent", "intervention" })
        {
            var openApi = await anonymous.GetFromJsonAsync<JsonElement>($"openapi/{document}.json");
            Assert.StartsWith("3.", openApi.GetProperty("openapi").GetString());
            Assert.Equal("bearer", openApi.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        }
        var docs = await anonymous.GetAsync("docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType!.ToString());

        using var unscoped = await Platform.GatewayClientAsync(TestIdentity.Unscoped);
        Assert.Equal(HttpStatusCode.Forbidden, (await unscoped.GetAsync("api/referrals/risk-factors")).StatusCode);
        using var housing = await Platform.GatewayClientAsync(TestIdentity.AgencyClient("housing"));
        var ok = await housing.GetAsync("api/referrals/risk-factors");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("nosniff", ok.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_at_the_gateway_and_reaches_no_service()
    {
        using var coordinator = await Platform.GatewayClientAsync(TestIdentity.Coordinator);
        var before = await CountAsync("SELECT count(*) FROM referrals");
        using var body = new StringContent("{\"reasons\":\"" + new string('x', 100_000) + "\"}", System.Text.Encoding.UTF8, "application/json");
        var response = await coordinator.PostAsync("api/referrals", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM referrals"));
    }

    [Fact]
    public async Task Each_agency_has_its_own_rate_limit_and_forged_forwarded_headers_do_not_reset_it()
    {
        using var careers = await Platform.GatewayClientAsync(TestIdentity.AgencyClient("careers"));
        using var health = await Platform.GatewayClientAsync(TestIdentity.AgencyClient("health"));
        for (var i = 0; i < GatewayPlatform.PermitsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await careers.GetAsync("api/referrals/risk-factors")).StatusCode);
        }
        using var forged = new HttpRequestMessage(HttpMethod.Get, "api/referrals/risk-factors");
        forged.Headers.Add("X-Forwarded-For", "203.0.113.77");
        forged.Headers.Add("X-Agency", "health");
        var limited = await careers.SendAsync(forged);

        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("api/referrals/risk-factors")).StatusCode);

        // The refusal is in the gateway's own trail (the service never saw the call).
        await using var gateway = new NpgsqlConnection(Platform.GatewayDatabase.ConnectionString);
        Assert.Equal("rate limit per-agency", await gateway.ExecuteScalarAsync<string>(
            "SELECT purpose FROM audit_log WHERE outcome = 'throttled' AND client_id = @client", new { client = TestIdentity.AgencyClient("careers") }));
    }

    [Fact]
    public async Task A_dead_instance_stops_receiving_traffic()
    {
        using var youthOffending = await Platform.GatewayClientAsync(TestIdentity.AgencyClient("youth-offending-team"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < GatewayPlatform.PermitsPerMinute; i++)
        {
            statuses.Add((await youthOffending.GetAsync("api/referrals/risk-factors")).StatusCode);
        }
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task The_audit_verification_command_exits_non_zero_when_a_record_is_changed()
    {
        using var police = await Platform.GatewayClientAsync(TestIdentity.AgencyClient("police"));
        var created = await police.PostAsJsonAsync("api/referrals", ReferralPayloads.Valid());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync(created.Headers.Location)).StatusCode);

        using var auditor = await Platform.GatewayClientAsync(TestIdentity.Auditor);
        var throughGateway = await auditor.GetFromJsonAsync<JsonElement>("api/referrals/audit/verify");
        Assert.True(throughGateway.GetProperty("intact").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("api/referrals/risk-factors")).StatusCode); // audit scope only

        var checkpoint = await ScalarAsync("SELECT last_sequence || ':' || last_hash FROM audit_chain_head WHERE id = 1");
        var (intactCode, intact) = await ServiceProcess.RunCommandAsync("services/Referral/Yisp.Referral.Api", Platform.ReferralEnvironment,
            "audit-verify", "--checkpoint", checkpoint);
        Assert.True(intactCode == 0, intact);
        Assert.Contains("intact", intact);

        await using (var connection = new NpgsqlConnection(fixture.ReferralDatabase.ConnectionString))
        {
            await connection.ExecuteAsync("UPDATE audit_log SET client_id = 'someone-else' WHERE sequence = (SELECT max(sequence) FROM audit_log)");
        }
        var (brokenCode, broken) = await ServiceProcess.RunCommandAsync("services/Referral/Yisp.Referral.Api", Platform.ReferralEnvironment, "audit-verify");
        Assert.Equal(1, brokenCode);
        Assert.Contains("has been changed", broken);
    }

    private async Task<string> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ReferralDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<string>(sql) ?? "";
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ReferralDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

public sealed class GatewayRoleTests(GatewayPlatform fixture) : IClassFixture<GatewayPlatform>
{
    [Fact]
    public async Task Panel_only_routes_are_refused_at_the_gateway_before_any_service_sees_them()
    {
        using var police = await fixture.Platform.GatewayClientAsync(TestIdentity.AgencyClient("police"));
        using var coordinator = await fixture.Platform.GatewayClientAsync(TestIdentity.Coordinator);

        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync("api/referrals?status=received")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.PostAsJsonAsync("api/interventions/panels",
            new { scheduledFor = DateTimeOffset.UtcNow, caseIds = new[] { Guid.NewGuid() } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.PostAsJsonAsync($"api/referrals/{Guid.NewGuid()}/screening-override",
            new { outcome = "eligible", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("api/referrals?status=received")).StatusCode);

        // The referral service records every call that reaches it, refused or not: none of police's did.
        await using var connection = new NpgsqlConnection(fixture.ReferralDatabase.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE agency = 'police' AND (action LIKE 'GET /api/referrals/' OR action LIKE '%screening-override')"));
    }
}
