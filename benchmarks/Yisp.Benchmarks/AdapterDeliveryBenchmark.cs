using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Yisp.Contracts;
using Yisp.Contracts.Agencies;
using Yisp.Messaging;
using Yisp.Messaging.Feeds;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// Webhook deliveries per second: notifications published to health's feed as the platform publishes them, read by the
/// adapter process, queued in its database and delivered, signed, to a receiver that checks each signature. Latency is
/// from publishing to the receiver's 2xx. First a burst of 5,000 over 500 cases (the rate the backlog drains at), then
/// a steady rate of half that (the latency of a delivery that does not wait behind others).
/// </summary>
public static class AdapterDeliveryBenchmark
{
    private const int Notifications = 5_000;
    private const int Cases = 500;
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>A case's ten notifications, in the order the platform would send them.</summary>
    private static readonly (string Kind, string? Status)[] Journey =
    [
        (NotificationKind.ReferralScreened, "eligible"), (NotificationKind.ConsentDecided, ConsentDecision.Given),
        (NotificationKind.CaseShared, null), (NotificationKind.InterventionAssigned, "planned"),
        (NotificationKind.InterventionChanged, "active"), (NotificationKind.ReviewDue, null),
        (NotificationKind.InterventionChanged, "completed"), (NotificationKind.InterventionSuspended, "active"),
        (NotificationKind.CaseNoLongerShared, null), (NotificationKind.CaseClosed, "goals-achieved"),
    ];

    public static async Task RunAsync(Uri gateway)
    {
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await DeclareFeedsAsync(virtualHost);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var adapter = await AgencyAdapter.StartAsync(Agency.Health, "Yisp.Adapters.Health", virtualHost, gateway, receiver);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(virtualHost.Broker.Host, (ushort)virtualHost.Broker.Port, virtualHost.Name, host =>
            {
                host.Username(virtualHost.Broker.Username);
                host.Password(virtualHost.Broker.Password);
            });
            AgencyFeedTopology.Configure(rabbit);
        });
        await bus.StartAsync();
        try
        {
            var published = new ConcurrentDictionary<Guid, long>();
            var warmUp = Batch(200, 50);
            await PublishAsync(bus, warmUp, published);
            await WaitAsync(receiver, warmUp.Count);

            var burst = Batch(Notifications, Cases);
            var started = Stopwatch.GetTimestamp();
            await PublishAsync(bus, burst, published);
            var publishedIn = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await WaitAsync(receiver, warmUp.Count + burst.Count);
            var drained = Stats(burst, published, receiver, Stopwatch.GetElapsedTime(started, receiver.Arrivals.Values.Max()).TotalSeconds);
            Console.WriteLine($"webhook deliveries, burst of {Notifications:N0} over {Cases} cases (published in {publishedIn:F1} s): {drained}  " +
                "(latency includes waiting behind the burst)");

            var rate = Math.Max(1, (int)(drained.PerSecond / 2));
            var steady = Batch((int)(rate * Steady.TotalSeconds), Cases);
            await PublishAtRateAsync(bus, steady, rate, published);
            await WaitAsync(receiver, warmUp.Count + burst.Count + steady.Count);
            Console.WriteLine($"webhook deliveries, steady {rate}/s for {Steady.TotalSeconds:F0} s over {Cases} cases: " +
                $"{Stats(steady, published, receiver, Steady.TotalSeconds)}  (publish to the receiver's 2xx; bad signatures: {receiver.BadSignatures})");
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static async Task DeclareFeedsAsync(TestVirtualHost virtualHost)
    {
        var topology = new AgencyFeedTopology(Options.Create(new MessagingOptions
        {
            Host = virtualHost.Broker.Host,
            Port = virtualHost.Broker.Port,
            VirtualHost = virtualHost.Name,
            Username = virtualHost.Broker.Username,
            Password = virtualHost.Broker.Password,
        }));
        if (!await topology.EnsureDeclaredAsync(CancellationToken.None))
        {
            throw new InvalidOperationException("Could not declare the agency feeds.");
        }
    }

    /// <summary>Notifications for health about <paramref name="cases"/> new cases, taking turns: each case's in journey order.</summary>
    private static List<AgencyNotification> Batch(int count, int cases)
    {
        var caseIds = Enumerable.Range(0, cases).Select(_ => (Case: Guid.NewGuid(), Referral: Guid.NewGuid(), Intervention: Guid.NewGuid())).ToArray();
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var (caseId, referralId, interventionId) = caseIds[i % cases];
            var (kind, status) = Journey[i / cases % Journey.Length];
            return new AgencyNotification(Guid.CreateVersion7(), Agency.Health, kind, referralId, caseId, interventionId, status, DateTimeOffset.UtcNow);
        })];
    }

    private static async Task PublishAsync(IBus bus, List<AgencyNotification> notifications, ConcurrentDictionary<Guid, long> published)
    {
        foreach (var chunk in notifications.Chunk(256))
        {
            await Task.WhenAll(chunk.Select(n => Publish(bus, n, published)));
        }
    }

    private static async Task PublishAtRateAsync(IBus bus, List<AgencyNotification> notifications, int perSecond, ConcurrentDictionary<Guid, long> published)
    {
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < notifications.Count)
        {
            var due = Math.Min(notifications.Count, (int)(clock.Elapsed.TotalSeconds * perSecond));
            for (; sent < due; sent++)
            {
                inFlight.Add(Publish(bus, notifications[sent], published));
            }
            await Task.Delay(2);
        }
        await Task.WhenAll(inFlight);
    }

    private static Task Publish(IBus bus, AgencyNotification notification, ConcurrentDictionary<Guid, long> published)
    {
        published[notification.NotificationId] = Stopwatch.GetTimestamp();
        return bus.Publish(notification);
    }

    private static async Task WaitAsync(WebhookReceiver receiver, int count)
    {
        if (!await receiver.WaitForAsync(count, Limit))
        {
            throw new TimeoutException($"Only {receiver.Arrivals.Count:N0} of {count:N0} webhooks arrived within {Limit.TotalMinutes} minutes.");
        }
    }

    private static LatencyStats Stats(List<AgencyNotification> notifications, ConcurrentDictionary<Guid, long> published, WebhookReceiver receiver, double seconds) =>
        LatencyStats.From([.. notifications.Select(n => Stopwatch.GetElapsedTime(published[n.NotificationId], receiver.Arrivals[n.NotificationId]).TotalMilliseconds)], seconds);
}
