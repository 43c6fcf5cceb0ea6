using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>Services and gateway as the platform runs them: trusting the (in-process) test identity service, callers with tokens.</summary>
public static class BenchPlatform
{
    public static async Task<Dictionary<string, string?>> ServiceEnvironmentAsync(TestDatabase database, TestVirtualHost virtualHost)
    {
        var settings = TestSettings.For(database, virtualHost);
        foreach (var (key, value) in await TestIdentity.SettingsAsync())
        {
            settings[key] = value;
        }
        return TestSettings.AsEnvironment(settings);
    }

    /// <summary>The gateway in front of one referral instance, with a rate limit no benchmark reaches.</summary>
    public static async Task<ServiceProcess> GatewayAsync(ServiceProcess referral) =>
        await ServiceProcess.StartAsync("gateway/Yisp.Gateway", new Dictionary<string, string?>
        {
            ["Auth__Authority"] = (await TestIdentity.AuthorityAsync()).ToString(),
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Gateway__RateLimit__PermitsPerWindow"] = "1000000",
            ["ReverseProxy__Clusters__referral__Destinations__primary__Address"] = referral.BaseAddress.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        });

    /// <summary>A load client whose every request carries the coordinator's token (renewed before it expires).</summary>
    public static HttpClient Client() => new(new BearerHandler(TestIdentity.Coordinator)
    {
        InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) },
    });

    private sealed class BearerHandler(string clientId) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", await TestIdentity.TokenAsync(clientId));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
