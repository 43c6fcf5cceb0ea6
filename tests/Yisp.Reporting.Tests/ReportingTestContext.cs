using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Reporting.Application;
using Yisp.Reporting.Data;
using Yisp.Reporting.Domain;
using Yisp.Testing;

namespace Yisp.Reporting.Tests;

/// <summary>One test's reporting service (see <see cref="ServiceTestContext{TMarker}"/>) with helpers for its events and figures.</summary>
public sealed class ReportingTestContext(ServiceTestContext<ReportingServiceMarker> service) : IAsyncDisposable
{
    public TestDatabase Database => service.Database;
    public TestVirtualHost VirtualHost => service.VirtualHost;
    public ServiceFactory<ReportingServiceMarker> Service => service.Service;
    public HttpClient Client => service.Client;

    public static async Task<ReportingTestContext> StartAsync(Dictionary<string, string?>? overrides = null) =>
        new(await ServiceTestContext<ReportingServiceMarker>.StartAsync(overrides));

    public Task<HttpClient> ClientAsAsync(string? clientId) => service.ClientAsAsync(clientId);

    /// <summary>Publishes the events as the other services would, each with its own message id, and waits until all are stored.</summary>
    public async Task PublishAsync(params object[] events)
    {
        var bus = Service.Services.GetRequiredService<IBus>();
        var before = await StoredAsync();
        foreach (var e in events)
        {
            await bus.Publish(e, e.GetType());
        }
        await Eventually.TrueAsync(async () => await StoredAsync() >= before + events.Length, $"{events.Length} events are stored");
    }

    public Task<long> StoredAsync() => service.ScalarAsync<long>("SELECT COUNT(*) FROM report_events");

    public Task<T> ScalarAsync<T>(string sql, object? parameters = null) => service.ScalarAsync<T>(sql, parameters);

    public async Task<IReadOnlyList<Figure>> FiguresAsync(ReportFilter filter) =>
        FigureBuilder.Build(await Service.Services.GetRequiredService<ReadModelSnapshot>().CurrentAsync(default), filter);

    public Task<RebuildResult> RebuildAsync() => Service.Services.GetRequiredService<ReadModelRebuild>().RebuildAsync(default);

    public ValueTask DisposeAsync() => service.DisposeAsync();
}
