using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yisp.Data;
using Yisp.ServiceDefaults;

namespace Yisp.Testing;

/// <summary>
/// A real service host (Kestrel on loopback, real database, real broker) assembled from the building
/// blocks the way a service's Program does, so tests exercise exactly what services run.
/// </summary>
public static class TestServiceHost
{
    public static async Task<WebApplication> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(TestSettings.InProcessHost).AddInMemoryCollection(settings);
        builder.AddServiceDefaults("test-host");
        configure(builder);

        var app = builder.Build();
        app.UseServiceDefaults();
        await app.MigrateDatabaseAsync();
        await app.StartAsync();
        await WaitUntilReadyAsync(app.Services);
        return app;
    }

    public static Task WaitUntilReadyAsync(IServiceProvider services)
    {
        var health = services.GetRequiredService<HealthCheckService>();
        return Eventually.TrueAsync(
            async () => (await health.CheckHealthAsync(c => c.Tags.Contains(HealthEndpoints.ReadyTag))).Status == HealthStatus.Healthy,
            "the host's database and broker are ready");
    }
}
