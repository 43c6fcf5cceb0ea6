using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>The harness every process test relies on: a service is ready only when it, not whatever holds its port, answers.</summary>
public sealed class ServiceProcessTests
{
    [Fact]
    public async Task A_service_whose_port_another_process_took_is_not_taken_for_ready()
    {
        var port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var impostor = builder.Build();
        impostor.MapGet("/health/ready", () => Results.Ok());
        await impostor.StartAsync();

        var settings = TestSettings.AsEnvironment(TestSettings.Identity($"http://127.0.0.1:{port}"));
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var wronglyReady = await ServiceProcess.StartAsync("services/Identity/Yisp.Identity.Api", settings, port); // never outlives a failure
        });

        Assert.Contains($"Port {port} was taken", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_is_handed_out_once() // the kernel alone repeats about 40 in 1,000
    {
        var ports = Enumerable.Range(0, 1000).Select(_ => ServiceProcess.FreePort()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
