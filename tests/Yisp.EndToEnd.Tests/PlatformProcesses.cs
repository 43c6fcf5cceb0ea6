using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>The referral service and the gateway as real processes, on a test's own database and virtual host.</summary>
public sealed class PlatformProcesses : IAsyncDisposable
{
    private PlatformProcesses(ServiceProcess referral, ServiceProcess gateway)
    {
        Referral = referral;
        Gateway = gateway;
    }

    public ServiceProcess Referral { get; }

    public ServiceProcess Gateway { get; }

    public static async Task<PlatformProcesses> StartAsync(TestDatabase database, TestVirtualHost virtualHost)
    {
        var settings = TestSettings.For(database, virtualHost);
        settings["Logging:LogLevel:Default"] = "Information"; // tests read the service's log
        var referral = await ServiceProcess.StartAsync("services/Referral/Yisp.Referral.Api", TestSettings.AsEnvironment(settings));
        try
        {
            var gateway = await ServiceProcess.StartAsync("gateway/Yisp.Gateway", new Dictionary<string, string?>
            {
                ["ReverseProxy__Clusters__referral__Destinations__primary__Address"] = referral.BaseAddress.ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
            });
            return new PlatformProcesses(referral, gateway);
        }
        catch
        {
            await referral.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Referral.DisposeAsync();
    }
}
