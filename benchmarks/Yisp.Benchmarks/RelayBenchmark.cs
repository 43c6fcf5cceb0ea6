using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Benchmarks.Contracts;
using Yisp.Data;
using Yisp.Messaging;
using Yisp.Messaging.Outbox;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// Outbox relay throughput: events committed to the outbox, then relayed to RabbitMQ with publisher
/// confirms and marked sent. Also the end-to-end rate with writers and the background relay running
/// together, counted at a consumer.
/// </summary>
public static class RelayBenchmark
{
    private const int Events = 20_000;

    public static async Task RunAsync()
    {
        Console.WriteLine($"== Outbox relay ({Environment.ProcessorCount} cores) ==");
        foreach (var relays in new[] { 1, 2 })
        {
            await DrainAsync(relays);
        }
        await WritersAndRelayAsync(writers: 8);
    }

    private static async Task DrainAsync(int relayCount)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<BenchEvent>.StartAsync(virtualHost);
        var hosts = new List<Microsoft.AspNetCore.Builder.WebApplication>();
        for (var i = 0; i < relayCount; i++)
        {
            hosts.Add(await StartHostAsync(database, virtualHost, relayEnabled: false));
        }
        await CommitEventsAsync(hosts[0].Services.GetRequiredService<UnitOfWorkFactory>(), Events, writers: 8);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(hosts.Select(h => DrainWithAsync(h.Services.GetRequiredService<OutboxRelay>())));
        var published = clock.Elapsed.TotalSeconds;
        await listener.WaitForCountAsync(Events, TimeSpan.FromMinutes(2));
        var consumed = clock.Elapsed.TotalSeconds;

        Console.WriteLine($"drain {Events} committed events, {relayCount} relay(s): published and marked sent in {published:F2} s = " +
                          $"{Events / published:F0} events/s; all consumed after {consumed:F2} s = {Events / consumed:F0} events/s");
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    private static async Task WritersAndRelayAsync(int writers)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<BenchEvent>.StartAsync(virtualHost);
        await using var host = await StartHostAsync(database, virtualHost, relayEnabled: true);

        var clock = Stopwatch.StartNew();
        await CommitEventsAsync(host.Services.GetRequiredService<UnitOfWorkFactory>(), Events, writers);
        var committed = clock.Elapsed.TotalSeconds;
        await listener.WaitForCountAsync(Events, TimeSpan.FromMinutes(2));
        var consumed = clock.Elapsed.TotalSeconds;

        Console.WriteLine($"{writers} writers committing {Events} events (one per transaction) with the relay running: " +
                          $"committed at {Events / committed:F0}/s, all consumed after {consumed:F2} s = {Events / consumed:F0} events/s end to end");
    }

    private static Task<Microsoft.AspNetCore.Builder.WebApplication> StartHostAsync(TestDatabase database, TestVirtualHost virtualHost, bool relayEnabled)
    {
        var settings = TestSettings.For(database, virtualHost);
        settings["Outbox:RelayEnabled"] = relayEnabled.ToString();
        settings["Outbox:BatchSize"] = "200";
        settings["Messaging:PrefetchCount"] = "256";
        return TestServiceHost.StartAsync(settings, builder =>
        {
            builder.AddDatabase(typeof(RelayBenchmark).Assembly);
            builder.Services.AddContracts(typeof(BenchEvent).Assembly);
            builder.AddMessaging();
        });
    }

    private static Task CommitEventsAsync(UnitOfWorkFactory unitsOfWork, int events, int writers) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            for (var i = writer; i < events; i += writers)
            {
                await using var unitOfWork = await unitsOfWork.BeginAsync(default);
                unitOfWork.Publish(new BenchEvent(Guid.NewGuid(), i));
                await unitOfWork.CommitAsync(default);
            }
        }));

    private static async Task DrainWithAsync(OutboxRelay relay)
    {
        var idle = 0;
        while (idle < 3)
        {
            var result = await relay.RelayBatchAsync(default);
            idle = result.Claimed == 0 ? idle + 1 : 0;
        }
    }
}
