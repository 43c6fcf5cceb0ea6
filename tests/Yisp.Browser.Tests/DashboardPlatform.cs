using Yisp.Testing;

namespace Yisp.Browser.Tests;

/// <summary>
/// The processes the reports dashboard needs, as real processes: identity, the reporting service (its own database,
/// the test's virtual host) and the gateway, whose address is the public one the dashboard's redirect URI names.
/// </summary>
public sealed class DashboardPlatform : IAsyncDisposable
{
    public const string Dashboard = "reports-dashboard";
    public const string PanelMember = "pat.panel";
    public const string PanelMemberPassword = "dev-panel-password";

    private readonly List<IAsyncDisposable> owned = [];

    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    public string PublicUrl { get; private set; } = "";

    public static async Task<DashboardPlatform> StartAsync()
    {
        var platform = new DashboardPlatform();
        try
        {
            var gatewayPort = ServiceProcess.FreePort();
            platform.PublicUrl = $"http://127.0.0.1:{gatewayPort}";
            var identitySettings = TestIdentity.Registrations();
            identitySettings["Identity:Issuer"] = platform.PublicUrl + "/";
            identitySettings[$"Identity:Clients:{Dashboard}:Public"] = "true";
            identitySettings[$"Identity:Clients:{Dashboard}:AllowAuthorizationCode"] = "true";
            identitySettings[$"Identity:Clients:{Dashboard}:DisplayName"] = "the panel's reports";
            identitySettings[$"Identity:Clients:{Dashboard}:RedirectUris:0"] = platform.PublicUrl + "/reports/signed-in";
            identitySettings[$"Identity:Clients:{Dashboard}:Scopes:0"] = "reports";
            identitySettings[$"Identity:Users:{PanelMember}:PasswordHash"] = Yisp.Identity.SecretHasher.Hash(PanelMemberPassword, iterations: 1_000);
            identitySettings[$"Identity:Users:{PanelMember}:Agency"] = "childrens-social-care";
            identitySettings[$"Identity:Users:{PanelMember}:Roles:0"] = "panel-member";
            identitySettings[$"Identity:Users:{PanelMember}:Scopes:0"] = "reports";
            identitySettings["Logging:LogLevel:Default"] = "Warning";
            var identity = await platform.OwnAsync(ServiceProcess.StartAsync("services/Identity/Yisp.Identity.Api", TestSettings.AsEnvironment(identitySettings)));

            platform.Database = await platform.OwnAsync(TestDatabase.CreateAsync());
            platform.VirtualHost = await platform.OwnAsync(TestVirtualHost.CreateAsync());
            var reportingSettings = TestSettings.For(platform.Database, platform.VirtualHost);
            reportingSettings["Auth:Authority"] = identity.BaseAddress.ToString();
            reportingSettings["Auth:RequireHttpsMetadata"] = "false";
            var reporting = await platform.OwnAsync(ServiceProcess.StartAsync("services/Reporting/Yisp.Reporting.Api", TestSettings.AsEnvironment(reportingSettings)));

            var gatewayDatabase = await platform.OwnAsync(TestDatabase.CreateAsync());
            platform.Gateway = await platform.OwnAsync(ServiceProcess.StartAsync("gateway/Yisp.Gateway", new Dictionary<string, string?>(TestSettings.GatewayStore(gatewayDatabase))
            {
                ["Auth__Authority"] = identity.BaseAddress.ToString(),
                ["Auth__RequireHttpsMetadata"] = "false",
                ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = identity.BaseAddress.ToString(),
                ["ReverseProxy__Clusters__reporting__Destinations__primary__Address"] = reporting.BaseAddress.ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
            }, gatewayPort));
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
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
