using System.Net;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>The gateway as a process in front of the test identity service alone, with a low limit on token requests.</summary>
public sealed class GatewayEdge : IAsyncLifetime
{
    public const int TokenPermits = 5;

    public ServiceProcess Gateway { get; private set; } = null!;

    public Uri Identity { get; private set; } = null!;

    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        Identity = await TestIdentity.AuthorityAsync();
        database = await TestDatabase.CreateAsync();
        Gateway = await ServiceProcess.StartAsync("gateway/Yisp.Gateway", new Dictionary<string, string?>(TestSettings.GatewayStore(database))
        {
            ["Auth__Authority"] = Identity.ToString(),
            ["Auth__RequireHttpsMetadata"] = "false",
            ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = Identity.ToString(),
            ["Gateway__TokenRateLimit__PermitsPerWindow"] = TokenPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway__TokenRateLimit__Window"] = "00:10:00",
            ["Logging__LogLevel__Default"] = "Warning",
        });
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await database.DisposeAsync();
    }
}

public sealed class GatewayEdgeTests(GatewayEdge edge) : IClassFixture<GatewayEdge>
{
    private HttpClient Anonymous() => new() { BaseAddress = edge.Gateway.BaseAddress };

    [Fact]
    public async Task A_forged_forwarded_address_does_not_reset_the_token_limit()
    {
        using var http = Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < GatewayEdge.TokenPermits; i++)
        {
            statuses.Add((await http.PostAsync("connect/token", Guess())).StatusCode);
        }
        Assert.DoesNotContain((HttpStatusCode)429, statuses);

        for (var i = 1; i <= 10; i++)
        {
            using var forged = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = Guess() };
            forged.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            forged.Headers.Add("Forwarded", $"for=198.51.100.{i}");
            Assert.Equal((HttpStatusCode)429, (await http.SendAsync(forged)).StatusCode);
        }
    }

    [Fact]
    public async Task A_forged_forwarded_scheme_is_not_believed()
    {
        using var http = Anonymous();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "health/live");
        forged.Headers.Add("X-Forwarded-Proto", "https");
        var response = await http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP: the forged scheme was believed");
    }

    private static FormUrlEncodedContent Guess() => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = TestIdentity.AgencyClient("police"),
        ["client_secret"] = "a wrong guess",
    });
}
