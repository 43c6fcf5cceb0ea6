using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yisp.Adapters.Delivery.Signing;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Delivery;

/// <summary>One request as the agency's endpoint saw it.</summary>
public sealed record ReceivedWebhook(string? WebhookId, string? Timestamp, string? Signature, string? ContentType, string Body, DateTimeOffset At);

/// <summary>
/// An agency endpoint on 127.0.0.1 whose answers a test scripts (slow, errors, Retry-After); it can stop listening, so
/// connections are refused, and listen again on the same port. It de-duplicates by webhook-id as a real receiver would.
/// </summary>
public sealed class ScriptedReceiver : IAsyncDisposable
{
    public const string Path = "/hooks";

    private readonly ConcurrentQueue<ReceivedWebhook> arrivals = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> accepted = new();
    private WebApplication? app;

    private ScriptedReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}{Path}";

    /// <summary>Answers each request with a status code; may set headers or wait first. 200 unless set.</summary>
    public Func<ReceivedWebhook, HttpContext, Task<int>> Behaviour { get; set; } = (_, _) => Task.FromResult(200);

    public IReadOnlyList<ReceivedWebhook> Arrivals => [.. arrivals];

    /// <summary>Webhook ids answered with a 2xx at least once: what the receiver processed after dropping duplicates.</summary>
    public IReadOnlyCollection<string> Accepted => [.. accepted.Keys];

    public static async Task<ScriptedReceiver> StartAsync()
    {
        var receiver = new ScriptedReceiver(ServiceProcess.FreePort());
        await receiver.StartListeningAsync();
        return receiver;
    }

    public async Task StartListeningAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var web = builder.Build();
        web.MapPost(Path, HandleAsync);
        await web.StartAsync();
        app = web;
    }

    /// <summary>Closes the port: senders now get connection refused.</summary>
    public async Task StopListeningAsync()
    {
        if (app is { } web)
        {
            app = null;
            await web.StopAsync();
            await web.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopListeningAsync());

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var headers = context.Request.Headers;
        var received = new ReceivedWebhook(headers[WebhookHeaders.Id], headers[WebhookHeaders.Timestamp], headers[WebhookHeaders.Signature],
            context.Request.ContentType, await reader.ReadToEndAsync(), DateTimeOffset.UtcNow);
        arrivals.Enqueue(received);
        int status;
        try
        {
            status = await Behaviour(received, context);
        }
        catch (OperationCanceledException)
        {
            return; // the sender gave up waiting
        }
        if (status is >= 200 and < 300 && received.WebhookId is { } id)
        {
            accepted.TryAdd(id, DateTimeOffset.UtcNow);
        }
        context.Response.StatusCode = status;
    }
}
