using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yisp.Adapters.Delivery.Signing;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>An agency's system receiving webhooks: checks each signature, answers 204 and notes when each webhook id first arrived.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly WebhookVerifier verifier;
    private int badSignatures;

    private WebhookReceiver(WebApplication app, string secret, Uri address)
    {
        this.app = app;
        Secret = secret;
        Address = address;
        verifier = new WebhookVerifier([WebhookSecret.Parse(secret)]);
    }

    public string Secret { get; }

    public Uri Address { get; }

    /// <summary>Stopwatch timestamps of each webhook id's first accepted delivery.</summary>
    public ConcurrentDictionary<Guid, long> Arrivals { get; } = new();

    public int BadSignatures => badSignatures;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            new Uri($"http://127.0.0.1:{port}/hooks"));
        app.MapPost("/hooks", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> distinct webhooks have arrived; false if they have not within the limit.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (Arrivals.Count < count)
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }
            await Task.Delay(10);
        }
        return true;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var id = request.Headers[WebhookHeaders.Id].ToString();
        if (verifier.Verify(id, request.Headers[WebhookHeaders.Timestamp], request.Headers[WebhookHeaders.Signature], body) != WebhookVerification.Valid
            || !Guid.TryParse(id, out var webhookId))
        {
            Interlocked.Increment(ref badSignatures);
            return Results.Unauthorized();
        }
        Arrivals.TryAdd(webhookId, Stopwatch.GetTimestamp());
        return Results.NoContent();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
