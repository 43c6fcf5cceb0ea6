using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Delivery.Api;
using Yisp.Adapters.Delivery.Data;
using Yisp.Adapters.Delivery.Signing;
using Yisp.Contracts.Agencies;
using Yisp.Data;
using Yisp.Data.Dialects;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Delivery;

/// <summary>An adapter reduced to its delivery engine: the test's database, the receiver's URL, quick back-offs.</summary>
public sealed class DeliveryTestHost : IAsyncDisposable
{
    public const string ApiPrefix = "/api/deliveries";

    public static readonly string Secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly string NextSecret = "whsec_" + Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    private readonly WebApplication app;

    private DeliveryTestHost(WebApplication app)
    {
        this.app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public DeliveryQueue Queue => app.Services.GetRequiredService<DeliveryQueue>();

    public DeliveryStore Store => app.Services.GetRequiredService<DeliveryStore>();

    public static Dictionary<string, string?> Settings(TestDatabase database, string url) => new()
    {
        ["Database:ConnectionString"] = database.ConnectionString,
        ["Adapter:Webhook:Url"] = url,
        ["Adapter:Webhook:Secrets:0"] = Secret,
        // Long enough that a loaded machine never times out an answered request (a retry would arrive twice); the test of a
        // slow endpoint sets its own.
        ["Adapter:Webhook:Timeout"] = "00:00:10",
        ["Adapter:Webhook:RetryFor"] = "00:01:00",
        ["Adapter:Webhook:MinBackoff"] = "00:00:00.020",
        ["Adapter:Webhook:MaxBackoff"] = "00:00:00.200",
        ["Adapter:Webhook:MaxParallelKeys"] = "4",
        ["Adapter:Webhook:PollInterval"] = "00:00:00.500",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Yisp.Adapters.Delivery"] = "Critical", // retries and dead letters are what these tests provoke
    };

    /// <param name="services">Registers more before the delivery engine, such as an adapter's own <see cref="IDeliveryFormatter"/>.</param>
    public static async Task<DeliveryTestHost> StartAsync(TestDatabase database, string url, Action<Dictionary<string, string?>>? adjust = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = Settings(database, url);
        adjust?.Invoke(settings);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDatabase(typeof(DeliveryQueue).Assembly);
        services?.Invoke(builder.Services);
        builder.Services.AddWebhookDelivery(builder.Configuration);
        var app = builder.Build();
        app.MapDeliveryApi(ApiPrefix, authorizationPolicy: null);
        try
        {
            await app.MigrateDatabaseAsync();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new DeliveryTestHost(app);
    }

    public Task<DeliveryRow?> FindAsync(Guid webhookId) => Store.FindAsync(webhookId, CancellationToken.None);

    /// <summary>Reads a delivery with no host running.</summary>
    public static Task<DeliveryRow?> FindAsync(TestDatabase database, Guid webhookId) =>
        new DeliveryStore(new Database(Options.Create(new DatabaseOptions { ConnectionString = database.ConnectionString }), new PostgresDialect()), TimeProvider.System)
            .FindAsync(webhookId, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static WebhookVerifier Verifier(params string[] secrets) => new([.. secrets.Select(WebhookSecret.Parse)]);

    public static AgencyNotification Notification(Guid? caseId, Guid? referralId = null, string status = "active") =>
        new(Guid.CreateVersion7(), "health", NotificationKind.InterventionChanged, referralId ?? Guid.NewGuid(), caseId, Guid.NewGuid(), status, DateTimeOffset.UtcNow);
}
