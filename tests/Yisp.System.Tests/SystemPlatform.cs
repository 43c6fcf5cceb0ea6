using Npgsql;
using Yisp.Testing;

namespace Yisp.System.Tests;

/// <summary>
/// The whole platform as real processes, as it is deployed: two replicas each of referral, consent and intervention
/// (each pair sharing its database), reporting, identity, and the gateway balancing over the replicas, on a PostgreSQL
/// and a RabbitMQ of their own that a test may stop and start. Every service also reaches them through proxies a test
/// can cut: one broker proxy for consent alone, one for all the others, and one in front of PostgreSQL for everyone.
/// </summary>
public sealed class SystemPlatform : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> owned = [];

    public SystemServers Servers { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public TcpProxy Broker { get; private set; } = null!;

    public TcpProxy ConsentBroker { get; private set; } = null!;

    public TcpProxy Postgres { get; private set; } = null!;

    public TestDatabase ReferralDatabase { get; private set; } = null!;

    public TestDatabase ConsentDatabase { get; private set; } = null!;

    public TestDatabase InterventionDatabase { get; private set; } = null!;

    public TestDatabase ReportingDatabase { get; private set; } = null!;

    public ServiceProcess Identity { get; private set; } = null!;

    public ServiceProcess[] Referral { get; private set; } = [];

    public ServiceProcess[] Consent { get; private set; } = [];

    public ServiceProcess[] Intervention { get; private set; } = [];

    public ServiceProcess Reporting { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>Every service that keeps state, with its database: where reconciliation looks.</summary>
    public IEnumerable<(string Service, TestDatabase Database)> Databases =>
    [
        ("referral", ReferralDatabase), ("consent", ConsentDatabase), ("intervention", InterventionDatabase), ("reporting", ReportingDatabase),
    ];

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private TestDatabase gatewayDatabase = null!;

    private async Task StartAsync()
    {
        Servers = await Own(SystemServers.StartAsync());
        VirtualHost = await Own(TestVirtualHost.CreateAsync(Servers.Broker));
        Broker = Own(TcpProxy.Start(VirtualHost.Broker.Host, VirtualHost.Broker.Port));
        ConsentBroker = Own(TcpProxy.Start(VirtualHost.Broker.Host, VirtualHost.Broker.Port));
        var admin = new NpgsqlConnectionStringBuilder(Servers.PostgresAdmin);
        Postgres = Own(TcpProxy.Start(admin.Host ?? "127.0.0.1", admin.Port));
        ReferralDatabase = await Own(TestDatabase.CreateAsync(Servers.PostgresAdmin));
        ConsentDatabase = await Own(TestDatabase.CreateAsync(Servers.PostgresAdmin));
        InterventionDatabase = await Own(TestDatabase.CreateAsync(Servers.PostgresAdmin));
        ReportingDatabase = await Own(TestDatabase.CreateAsync(Servers.PostgresAdmin));
        gatewayDatabase = await Own(TestDatabase.CreateAsync(Servers.PostgresAdmin));

        var gatewayPort = ServiceProcess.FreePort();
        var publicUrl = $"http://127.0.0.1:{gatewayPort}";
        Identity = await Own(ServiceProcess.StartAsync("services/Identity/Yisp.Identity.Api", TestSettings.AsEnvironment(TestSettings.Identity(publicUrl))));
        Dictionary<string, string?> Settings(TestDatabase database, TcpProxy broker) =>
            TestSettings.AsEnvironment(TestSettings.Trusting(ThroughProxies(database, broker), Identity.BaseAddress, publicUrl));

        // One replica of each first, so two never race to migrate the same database; then the second replicas together.
        var referral = Own(ServiceProcess.StartAsync("services/Referral/Yisp.Referral.Api", Settings(ReferralDatabase, Broker)));
        var consent = Own(ServiceProcess.StartAsync("services/Consent/Yisp.Consent.Api", Settings(ConsentDatabase, ConsentBroker)));
        var intervention = Own(ServiceProcess.StartAsync("services/Intervention/Yisp.Intervention.Api", Settings(InterventionDatabase, Broker)));
        var reporting = Own(ServiceProcess.StartAsync("services/Reporting/Yisp.Reporting.Api", Settings(ReportingDatabase, Broker)));
        await Task.WhenAll(referral, consent, intervention, reporting);
        Reporting = await reporting;
        var second = await Task.WhenAll(
            Own(ServiceProcess.StartAsync("services/Referral/Yisp.Referral.Api", Settings(ReferralDatabase, Broker))),
            Own(ServiceProcess.StartAsync("services/Consent/Yisp.Consent.Api", Settings(ConsentDatabase, ConsentBroker))),
            Own(ServiceProcess.StartAsync("services/Intervention/Yisp.Intervention.Api", Settings(InterventionDatabase, Broker))));
        Referral = [await referral, second[0]];
        Consent = [await consent, second[1]];
        Intervention = [await intervention, second[2]];
        Gateway = await Own(ServiceProcess.StartAsync("gateway/Yisp.Gateway", GatewaySettings(publicUrl), gatewayPort));
    }

    /// <summary>A service's settings with its database and broker reached through the proxies.</summary>
    private Dictionary<string, string?> ThroughProxies(TestDatabase database, TcpProxy broker)
    {
        var settings = TestSettings.For(database, VirtualHost, broker.Port);
        // Generous connection and command timeouts: on a loaded machine the first connection alone can take longer than the default 15 s.
        settings["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = Postgres.Port,
            Timeout = 60,
            CommandTimeout = 120,
        }.ConnectionString;
        // Retries and back-off as deployed, so the recovery times these tests report are the ones an operator would see.
        foreach (var shortened in settings.Keys.Where(k => k.StartsWith("Messaging:Retry", StringComparison.Ordinal) || k.StartsWith("Outbox:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(shortened);
        }
        return settings;
    }

    /// <summary>The gateway with two destinations for each replicated service, checking them actively so a dead replica is left out.</summary>
    private Dictionary<string, string?> GatewaySettings(string publicUrl)
    {
        var settings = new Dictionary<string, string?>(TestSettings.GatewayStore(gatewayDatabase))
        {
            ["Auth__Authority"] = Identity.BaseAddress.ToString(),
            ["Auth__RequireHttpsMetadata"] = "false",
            ["OpenApi__PublicBaseUrl"] = publicUrl,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Gateway__RateLimit__PermitsPerWindow"] = "1000000", // the journeys of many agencies' children come from a few test clients
            ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = Identity.BaseAddress.ToString(),
            ["ReverseProxy__Clusters__reporting__Destinations__primary__Address"] = Reporting.BaseAddress.ToString(),
        };
        foreach (var (cluster, replicas) in new[] { ("referral", Referral), ("consent", Consent), ("intervention", Intervention) })
        {
            for (var i = 0; i < replicas.Length; i++)
            {
                settings[$"ReverseProxy__Clusters__{cluster}__Destinations__replica{i}__Address"] = replicas[i].BaseAddress.ToString();
            }
            settings[$"ReverseProxy__Clusters__{cluster}__HealthCheck__Active__Enabled"] = "true";
            settings[$"ReverseProxy__Clusters__{cluster}__HealthCheck__Active__Interval"] = "00:00:01";
            settings[$"ReverseProxy__Clusters__{cluster}__HealthCheck__Active__Timeout"] = "00:00:02";
            settings[$"ReverseProxy__Clusters__{cluster}__HealthCheck__Active__Policy"] = "ConsecutiveFailures";
            settings[$"ReverseProxy__Clusters__{cluster}__HealthCheck__Active__Path"] = "/health/live";
        }
        return settings;
    }

    /// <summary>A caller at the gateway holding a token of the named test client.</summary>
    public async Task<HttpClient> GatewayClientAsync(string clientId)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        await TestIdentity.AuthorizeAsync(client, clientId, Gateway.BaseAddress);
        return client;
    }

    /// <summary>The output of every service process, for a failure's message.</summary>
    public string Logs(int lastCharacters = 4000) => string.Join("\n", new[] { ("referral-0", Referral[0]), ("referral-1", Referral[1]),
        ("consent-0", Consent[0]), ("consent-1", Consent[1]), ("intervention-0", Intervention[0]), ("intervention-1", Intervention[1]),
        ("reporting", Reporting), ("gateway", Gateway) }
        .Select(p => $"--- {p.Item1} ---\n{(p.Item2.Output.Length > lastCharacters ? p.Item2.Output[^lastCharacters..] : p.Item2.Output)}"));

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        lock (owned)
        {
            owned.Add(resource);
        }
        return resource;
    }

    private async Task<T> Own<T>(Task<T> starting) where T : IAsyncDisposable => Own(await starting);

    public async Task DisposeAsync()
    {
        foreach (var resource in Enumerable.Reverse(owned))
        {
            await resource.DisposeAsync();
        }
    }
}
