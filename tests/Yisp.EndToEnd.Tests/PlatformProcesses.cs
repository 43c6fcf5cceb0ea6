using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>The services and the gateway as real processes, each service on its own database, all on one virtual host.</summary>
public sealed class PlatformProcesses : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];

    public ServiceProcess Identity { get; private set; } = null!;

    public ServiceProcess Referral { get; private set; } = null!;

    public ServiceProcess Consent { get; private set; } = null!;

    public ServiceProcess Intervention { get; private set; } = null!;

    public ServiceProcess Reporting { get; private set; } = null!;

    public TestDatabase ReportingDatabase { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>The gateway's own database: its audit trail of the calls it refuses.</summary>
    public TestDatabase GatewayDatabase { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    /// <summary>A browser application people sign in to through the gateway (authorization code flow with PKCE).</summary>
    public const string Dashboard = "test-dashboard";
    public const string DashboardRedirectUri = "http://127.0.0.1/test-dashboard/signed-in";
    public const string PanelMember = "test-panel-member";
    public const string PanelMemberPassword = "test-panel-password";

    /// <summary>The gateway's address, which the platform names as its public one (issuer, OpenAPI server, token URL).</summary>
    public string PublicUrl { get; private set; } = "";

    public Dictionary<string, string?> ReferralEnvironment { get; private set; } = [];

    /// <param name="gatewaySettings">Extra gateway configuration, as environment variables (e.g. a low rate limit).</param>
    /// <param name="extraReferralSettings">Extra referral service configuration, as environment variables (e.g. short retention).</param>
    public static async Task<PlatformProcesses> StartAsync(TestDatabase referralDatabase, TestVirtualHost virtualHost,
        IReadOnlyDictionary<string, string?>? gatewaySettings = null, IReadOnlyDictionary<string, string?>? extraReferralSettings = null)
    {
        var platform = new PlatformProcesses { VirtualHost = virtualHost };
        try
        {
            // The gateway's address is the public one: the issuer, and the server the OpenAPI documents name.
            var gatewayPort = ServiceProcess.FreePort();
            platform.PublicUrl = $"http://127.0.0.1:{gatewayPort}";
            var identitySettings = TestSettings.Identity(platform.PublicUrl);
            identitySettings[$"Identity:Clients:{Dashboard}:Public"] = "true";
            identitySettings[$"Identity:Clients:{Dashboard}:AllowAuthorizationCode"] = "true";
            identitySettings[$"Identity:Clients:{Dashboard}:RedirectUris:0"] = DashboardRedirectUri;
            identitySettings[$"Identity:Clients:{Dashboard}:Scopes:0"] = "reports";
            identitySettings[$"Identity:Users:{PanelMember}:PasswordHash"] = Yisp.Identity.SecretHasher.Hash(PanelMemberPassword, iterations: 1_000);
            identitySettings[$"Identity:Users:{PanelMember}:Agency"] = "childrens-social-care";
            identitySettings[$"Identity:Users:{PanelMember}:Roles:0"] = "panel-member";
            identitySettings[$"Identity:Users:{PanelMember}:Scopes:0"] = "reports";
            platform.Identity = await platform.OwnAsync(ServiceProcess.StartAsync("services/Identity/Yisp.Identity.Api", TestSettings.AsEnvironment(identitySettings)));
            var referralSettings = platform.Trusting(TestSettings.For(referralDatabase, virtualHost));
            referralSettings["Logging:LogLevel:Default"] = "Information"; // tests read the service's log
            platform.ReferralEnvironment = TestSettings.AsEnvironment(referralSettings);
            foreach (var (key, value) in extraReferralSettings ?? new Dictionary<string, string?>())
            {
                platform.ReferralEnvironment[key] = value;
            }
            platform.Referral = await platform.OwnAsync(ServiceProcess.StartAsync("services/Referral/Yisp.Referral.Api", platform.ReferralEnvironment));
            var consentDatabase = await platform.OwnAsync(TestDatabase.CreateAsync());
            platform.Consent = await platform.OwnAsync(ServiceProcess.StartAsync("services/Consent/Yisp.Consent.Api",
                TestSettings.AsEnvironment(platform.Trusting(TestSettings.For(consentDatabase, virtualHost)))));
            var interventionDatabase = await platform.OwnAsync(TestDatabase.CreateAsync());
            platform.Intervention = await platform.OwnAsync(ServiceProcess.StartAsync("services/Intervention/Yisp.Intervention.Api",
                TestSettings.AsEnvironment(platform.Trusting(TestSettings.For(interventionDatabase, virtualHost)))));
            platform.ReportingDatabase = await platform.OwnAsync(TestDatabase.CreateAsync());
            platform.Reporting = await platform.OwnAsync(ServiceProcess.StartAsync("services/Reporting/Yisp.Reporting.Api",
                TestSettings.AsEnvironment(platform.Trusting(TestSettings.For(platform.ReportingDatabase, virtualHost)))));
            platform.GatewayDatabase = await platform.OwnAsync(TestDatabase.CreateAsync());
            var gateway = new Dictionary<string, string?>(TestSettings.GatewayStore(platform.GatewayDatabase))
            {
                ["Auth__Authority"] = platform.Identity.BaseAddress.ToString(),
                ["Auth__RequireHttpsMetadata"] = "false",
                ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = platform.Identity.BaseAddress.ToString(),
                ["ReverseProxy__Clusters__referral__Destinations__primary__Address"] = platform.Referral.BaseAddress.ToString(),
                ["ReverseProxy__Clusters__consent__Destinations__primary__Address"] = platform.Consent.BaseAddress.ToString(),
                ["ReverseProxy__Clusters__intervention__Destinations__primary__Address"] = platform.Intervention.BaseAddress.ToString(),
                ["ReverseProxy__Clusters__reporting__Destinations__primary__Address"] = platform.Reporting.BaseAddress.ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
                ["OpenApi__PublicBaseUrl"] = platform.PublicUrl,
            };
            foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string?>())
            {
                gateway[key] = value;
            }
            platform.Gateway = await platform.OwnAsync(ServiceProcess.StartAsync("gateway/Yisp.Gateway", gateway, gatewayPort));
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// An agency's adapter as its own process: its own database, its own broker user (its feed queue, read only), the
    /// agency's test client for calling the gateway, and webhooks to the agency's endpoint.
    /// </summary>
    public async Task<ServiceProcess> StartAdapterAsync(string agency, AgencyEndpoint endpoint) =>
        await StartAdapterAsync(agency, await AdapterSettingsAsync(agency, endpoint));

    /// <summary>An adapter process with these settings (the same ones again: the same adapter restarted).</summary>
    public Task<ServiceProcess> StartAdapterAsync(string agency, Dictionary<string, string?> settings) =>
        OwnAsync(ServiceProcess.StartAsync($"services/Adapters/Yisp.Adapters.{string.Concat(agency.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]))}",
            settings));

    /// <summary>An adapter's settings: a database and a broker user of its own, made here.</summary>
    public async Task<Dictionary<string, string?>> AdapterSettingsAsync(string agency, AgencyEndpoint endpoint)
    {
        var database = await OwnAsync(TestDatabase.CreateAsync());
        var brokerUser = $"adapter-{agency}-{Guid.NewGuid():N}";
        var (configure, write, read) = Yisp.Contracts.Agencies.AgencyFeeds.AdapterPermissions(agency);
        await VirtualHost.Management.CreateUserAsync(VirtualHost.Name, brokerUser, "adapter-broker-secret", configure, write, read);
        var client = TestIdentity.AgencyClient(agency);
        return new Dictionary<string, string?>
        {
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Auth__Authority"] = Identity.BaseAddress.ToString(),
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Adapter__Agency"] = agency,
            ["Adapter__Platform__GatewayUrl"] = Gateway.BaseAddress.ToString(),
            ["Adapter__Platform__ClientId"] = client,
            ["Adapter__Platform__ClientSecret"] = TestIdentity.SecretOf(client),
            ["Adapter__Feed__Host"] = VirtualHost.Broker.Host,
            ["Adapter__Feed__Port"] = VirtualHost.Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Adapter__Feed__VirtualHost"] = VirtualHost.Name,
            ["Adapter__Feed__Username"] = brokerUser,
            ["Adapter__Feed__Password"] = "adapter-broker-secret",
            ["Adapter__Webhook__Url"] = endpoint.Address.ToString(),
            ["Adapter__Webhook__Secrets__0"] = endpoint.Secret,
            ["Adapter__Webhook__MinBackoff"] = "00:00:00.200",
            ["Adapter__Webhook__MaxBackoff"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>An agency's own system calling its adapter, with a token of that agency's test client.</summary>
    public async Task<HttpClient> AdapterClientAsync(ServiceProcess adapter, string agency)
    {
        var client = new HttpClient { BaseAddress = adapter.BaseAddress };
        await TestIdentity.AuthorizeAsync(client, TestIdentity.AgencyClient(agency), Gateway.BaseAddress);
        return client;
    }

    /// <summary>Service settings that trust this platform's identity process.</summary>
    private Dictionary<string, string?> Trusting(Dictionary<string, string?> settings) =>
        TestSettings.Trusting(settings, Identity.BaseAddress, PublicUrl);

    /// <summary>A caller at the gateway holding a token the named test client got through the gateway's token route.</summary>
    public async Task<HttpClient> GatewayClientAsync(string clientId)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        await TestIdentity.AuthorizeAsync(client, clientId, Gateway.BaseAddress);
        return client;
    }

    private async Task<T> OwnAsync<T>(Task<T> starting) where T : IAsyncDisposable
    {
        var started = await starting;
        owned.Add(started);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in Enumerable.Reverse(owned))
        {
            await resource.DisposeAsync();
        }
    }
}
