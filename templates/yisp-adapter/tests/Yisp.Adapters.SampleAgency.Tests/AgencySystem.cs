using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yisp.Adapters.Delivery.Signing;

namespace Yisp.Adapters.SampleAgency.Tests;

/// <summary>The agency's own system: a real HTTP endpoint on loopback that checks each signature; while failing it answers 503.</summary>
public sealed class AgencySystem : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly WebhookVerifier verifier;
    private int refused;

    private AgencySystem(WebApplication app, string secret, string url)
    {
        this.app = app;
        Secret = secret;
        Url = url;
        verifier = new WebhookVerifier([WebhookSecret.Parse(secret)]);
    }

    public string Secret { get; }

    public string Url { get; }

    public bool Failing { get; set; }

    public int Refused => refused;

    public int BadSignatures { get; private set; }

    /// <summary>Deliveries accepted, by webhook id (a repeat is dropped, as a real receiver does).</summary>
    public ConcurrentDictionary<string, string> Received { get; } = new();

    public static async Task<AgencySystem> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var system = new AgencySystem(app, "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            $"http://127.0.0.1:{port}/hooks");
        app.MapPost("/hooks", system.ReceiveAsync);
        await app.StartAsync();
        return system;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        if (Failing)
        {
            Interlocked.Increment(ref refused);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var id = request.Headers[WebhookHeaders.Id].ToString();
        if (verifier.Verify(id, request.Headers[WebhookHeaders.Timestamp], request.Headers[WebhookHeaders.Signature], body) != WebhookVerification.Valid)
        {
            BadSignatures++;
            return Results.Unauthorized();
        }
        Received.TryAdd(id, body);
        return Results.NoContent();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
