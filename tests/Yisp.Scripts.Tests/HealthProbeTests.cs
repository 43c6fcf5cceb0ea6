using System.Net;
using System.Net.Sockets;
using Yisp.HealthCheck;

namespace Yisp.Scripts.Tests;

/// <summary>The container images' health check (services/BuildingBlocks/Yisp.HealthCheck).</summary>
public sealed class HealthProbeTests
{
    [Theory]
    [InlineData(200, 0)]
    [InlineData(503, 1)]
    public async Task It_succeeds_only_when_the_service_answers_its_live_endpoint(int status, int exitCode)
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/health/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = context.Request.Url!.AbsolutePath == HealthProbe.DefaultPath ? status : 404;
            context.Response.Close();
        });
        var error = new StringWriter();
        Assert.Equal(exitCode, await HealthProbe.RunAsync([], $"{port}", error));
        await serve;
    }

    [Fact]
    public async Task It_fails_when_nothing_listens_and_without_a_port()
    {
        Assert.Equal(1, await HealthProbe.RunAsync([$"{FreePort()}"], null, new StringWriter()));
        Assert.Equal(2, await HealthProbe.RunAsync([], null, new StringWriter()));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
