using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yisp.Adapters.Delivery.Signing;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>An agency's own system: a real HTTP endpoint receiving the adapter's webhooks, checking each signature, dropping repeats by webhook id.</summary>
public sealed class AgencyEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly WebhookVerifier verifier;

    private AgencyEndpoint(WebApplication app, string secret, Uri address)
    {
        this.app = app;
        Secret = secret;
        Address = address;
        verifier = new WebhookVerifier([WebhookSecret.Parse(secret)]);
    }

    public string Secret { get; }

    public Uri Address { get; }

    /// <summary>Deliveries accepted, in arrival order, one per webhook id.</summary>
    public ConcurrentQueue<(string WebhookId, string Body)> Received { get; } = new();

    public int BadSignatures { get; private set; }

    /// <summary>Every delivery attempt that reached the endpoint, repeats included.</summary>
    public int Arrivals => arrivals;

    /// <summary>How long the endpoint takes to answer (a slow agency system).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>While true the agency's system is down: it answers every delivery 503 (counted in <see cref="Refused"/>).</summary>
    public bool Failing { get; set; }

    public int Refused => refused;

    private int arrivals;
    private int refused;

    public static async Task<AgencyEndpoint> StartAsync()
    {
        var port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new AgencyEndpoint(app, "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            new Uri($"http://127.0.0.1:{port}/hooks"));
        app.MapPost("/hooks", endpoint.ReceiveAsync);
        await app.StartAsync();
        return endpoint;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var id = request.Headers[WebhookHeaders.Id].ToString();
        Interlocked.Increment(ref arrivals);
        await Task.Delay(Delay);
        if (Failing)
        {
            Interlocked.Increment(ref refused);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (verifier.Verify(id, request.Headers[WebhookHeaders.Timestamp], request.Headers[WebhookHeaders.Signature], body) != WebhookVerification.Valid)
        {
            BadSignatures++;
            return Results.Unauthorized();
        }
        if (!Received.Any(r => r.WebhookId == id))
        {
            Received.Enqueue((id, body));
        }
        return Results.NoContent();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
