using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Benchmarks.Contracts;
using Yisp.Data;
using Yisp.Messaging;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// Outbox relay throughput: a backlog of committed events relayed to RabbitMQ with publisher confirms
/// and marked sent, counted at a consumer; then writers and the relay running together.
/// </summary>
public static class RelayBenchmark
{
    private const int Events = 20_000;

    public static async Task RunAsync()
    {
        Console.WriteLine($"== Outbox relay ({Environment.ProcessorCount} cores) ==");
        foreach (var (replicas, lanes) in new[] { (1, 1), (1, 2), (1, 4), (2, 2) })
        {
            await DrainBacklogAsync(replicas, lanes);
        }
        await WritersAndRelayAsync(writers: 8);
    }

    private static async Task DrainBacklogAsync(int replicas, int lanes)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<BenchEvent>.StartAsync(virtualHost);
        await using (var writer = await StartHostAsync(database, virtualHost, lanes: 0))
        {
            await CommitEventsAsync(writer.Services.GetRequiredService<UnitOfWorkFactory>(), writers: 8);
        }

        var relays = await Task.WhenAll(Enumerable.Range(0, replicas).Select(_ => StartHostAsync(database, virtualHost, lanes)));
        await listener.WaitForCountAsync(Events, TimeSpan.FromMinutes(2));
        var seconds = SpanOf(listener);
        Console.WriteLine($"backlog of {Events} events, {replicas} replica(s) x {lanes} lane(s): relayed and consumed in {seconds:F2} s = {Events / seconds:F0} events/s");
        foreach (var relay in relays)
        {
            await relay.DisposeAsync();
        }
    }

    private static async Task WritersAndRelayAsync(int writers)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<BenchEvent>.StartAsync(virtualHost);
        await using var host = await StartHostAsync(database, virtualHost, lanes: 4);

        var clock = Stopwatch.StartNew();
        await CommitEventsAsync(host.Services.GetRequiredService<UnitOfWorkFactory>(), writers);
        var committed = clock.Elapsed.TotalSeconds;
        await listener.WaitForCountAsync(Events, TimeSpan.FromMinutes(2));
        var consumed = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{writers} writers, one event per transaction, relay running (4 lanes): committed {Events / committed:F0}/s; " +
                          $"all consumed after {consumed:F2} s = {Events / consumed:F0} events/s end to end");
    }

    private static double SpanOf(BusListener<BenchEvent> listener)
    {
        var stamps = listener.Messages.Select(m => m.ReceivedTimestamp).ToArray();
        return Stopwatch.GetElapsedTime(stamps.Min(), stamps.Max()).TotalSeconds;
    }

    private static Task<WebApplication> StartHostAsync(TestDatabase database, TestVirtualHost virtualHost, int lanes)
    {
        var settings = TestSettings.For(database, virtualHost);
        settings["Outbox:RelayEnabled"] = (lanes > 0).ToString();
        settings["Outbox:Lanes"] = Math.Max(lanes, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TestServiceHost.StartAsync(settings, builder =>
        {
            builder.AddDatabase(typeof(RelayBenchmark).Assembly);
            builder.Services.AddContracts(typeof(BenchEvent).Assembly);
            builder.AddMessaging("Benchmark");
        });
    }

    private static Task CommitEventsAsync(UnitOfWorkFactory unitsOfWork, int writers) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            for (var i = writer; i < Events; i += writers)
            {
                await using var unitOfWork = await unitsOfWork.BeginAsync(default);
                unitOfWork.Publish(new BenchEvent(Guid.NewGuid(), i));
                await unitOfWork.CommitAsync(default);
            }
        }));
}
