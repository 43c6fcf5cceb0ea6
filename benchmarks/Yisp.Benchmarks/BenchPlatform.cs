using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>Services and gateway as the platform runs them: trusting the (in-process) test identity service, callers with tokens.</summary>
public static class BenchPlatform
{
    /// <summary>The runtime's settings the platform's processes run with (docker/Dockerfile, scripts/run-platform.sh).</summary>
    private static readonly Dictionary<string, string?> Runtime = new() { ["DOTNET_GCgen0size"] = "0x400000" };

    public static async Task<Dictionary<string, string?>> ServiceEnvironmentAsync(TestDatabase database, TestVirtualHost virtualHost)
    {
        var settings = TestSettings.For(database, virtualHost);
        foreach (var (key, value) in await TestIdentity.SettingsAsync())
        {
            settings[key] = value;
        }
        return new Dictionary<string, string?>(TestSettings.AsEnvironment(settings).Concat(Runtime));
    }

    /// <summary>The gateway in front of one referral instance, with a rate limit no benchmark reaches.</summary>
    public static Task<ServiceProcess> GatewayAsync(ServiceProcess referral, TestDatabase gatewayDatabase) =>
        GatewayAsync(new Dictionary<string, ServiceProcess> { ["referral"] = referral }, gatewayDatabase);

    /// <summary>The gateway in front of these services (cluster name to its one instance), with a rate limit no benchmark reaches.</summary>
    public static async Task<ServiceProcess> GatewayAsync(IReadOnlyDictionary<string, ServiceProcess> clusters, TestDatabase gatewayDatabase)
    {
        var settings = new Dictionary<string, string?>(TestSettings.GatewayStore(gatewayDatabase))
        {
            ["Auth__Authority"] = (await TestIdentity.AuthorityAsync()).ToString(),
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Gateway__RateLimit__PermitsPerWindow"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in Runtime)
        {
            settings[key] = value;
        }
        foreach (var (cluster, service) in clusters)
        {
            settings[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"] = service.BaseAddress.ToString();
        }
        return await ServiceProcess.StartAsync("gateway/Yisp.Gateway", settings);
    }

    /// <summary>A load client whose every request carries the named client's token (renewed before it expires).</summary>
    public static HttpClient Client(string clientId = TestIdentity.Coordinator) => new(new BearerHandler(clientId)
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
