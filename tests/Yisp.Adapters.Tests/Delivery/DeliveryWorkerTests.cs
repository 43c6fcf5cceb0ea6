using Yisp.Adapters.Delivery;
using Yisp.Adapters.Delivery.Signing;
using Yisp.Contracts.Agencies;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Delivery;

public sealed class DeliveryWorkerTests
{
    [Fact]
    public async Task Every_notification_arrives_in_order_per_case_through_a_slow_failing_and_unreachable_endpoint()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        var requests = 0;
        receiver.Behaviour = async (_, http) =>
        {
            var n = Interlocked.Increment(ref requests);
            if (n % 5 == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(800), http.RequestAborted); // past the sender's 500 ms timeout
            }
            return n % 3 == 0 ? 500 : 200;
        };
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url, s => s["Adapter:Webhook:Timeout"] = "00:00:00.500");
        var expected = new Dictionary<string, List<string>>(); // ordering key -> webhook ids in the order queued
        var notifications = Enumerable.Range(0, 8).SelectMany(step => Enumerable.Range(0, 5).Select(c => (step, c))).ToList();
        var caseIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var referralOnly = Guid.NewGuid();
        var attemptedBeforeOutage = 0L;

        foreach (var (step, c) in notifications)
        {
            var notification = c == 4 ? DeliveryTestHost.Notification(null, referralOnly, $"step-{step}") : DeliveryTestHost.Notification(caseIds[c], status: $"step-{step}");
            expected.TryAdd(DeliveryQueue.OrderingKey(notification), []);
            expected[DeliveryQueue.OrderingKey(notification)].Add(notification.NotificationId.ToString());
            if (step == 3 && c == 0)
            {
                await receiver.StopListeningAsync(); // refused connections while step 3 is queued, then the endpoint recovers
                attemptedBeforeOutage = await AttemptsAsync(database);
            }
            await host.Queue.EnqueueAsync(notification, CancellationToken.None);
            if (step == 3 && c == 4)
            {
                await Eventually.TrueAsync(async () => await AttemptsAsync(database) > attemptedBeforeOutage, "a delivery is tried (and refused) while the endpoint is down");
                await receiver.StartListeningAsync();
            }
        }

        var all = expected.Values.SelectMany(ids => ids).ToHashSet();
        await Eventually.TrueAsync(() => all.SetEquals(receiver.Accepted), "every notification was accepted once");
        var arrivals = receiver.Arrivals;
        Assert.True(arrivals.Count > all.Count, "the endpoint's failures made the worker retry");
        var verifier = DeliveryTestHost.Verifier(DeliveryTestHost.Secret);
        Assert.All(arrivals, a => Assert.Equal(WebhookVerification.Valid, verifier.Verify(a.WebhookId, a.Timestamp, a.Signature, a.Body)));
        Assert.All(arrivals, a => Assert.Contains($"\"notificationId\":\"{a.WebhookId}\"", a.Body, StringComparison.Ordinal));
        foreach (var (key, ids) in expected)
        {
            // A retried delivery may arrive more than once, but never after the case's next one.
            var seen = arrivals.Where(a => ids.Contains(a.WebhookId!)).Select(a => a.WebhookId!).ToList();
            var collapsed = seen.Where((id, i) => i == 0 || seen[i - 1] != id).ToList();
            Assert.Equal(ids, collapsed);
        }
    }

    [Fact]
    public async Task During_a_secret_rotation_a_receiver_with_either_secret_verifies_the_delivery()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url, s => s["Adapter:Webhook:Secrets:1"] = DeliveryTestHost.NextSecret);
        var notification = DeliveryTestHost.Notification(Guid.NewGuid());

        await host.Queue.EnqueueAsync(notification, CancellationToken.None);

        await Eventually.TrueAsync(() => receiver.Accepted.Count == 1, "the delivery arrived");
        var arrival = Assert.Single(receiver.Arrivals);
        Assert.Equal("application/json", arrival.ContentType?.Split(';')[0]);
        Assert.Equal(WebhookVerification.Valid, DeliveryTestHost.Verifier(DeliveryTestHost.Secret).Verify(arrival.WebhookId, arrival.Timestamp, arrival.Signature, arrival.Body));
        Assert.Equal(WebhookVerification.Valid, DeliveryTestHost.Verifier(DeliveryTestHost.NextSecret).Verify(arrival.WebhookId, arrival.Timestamp, arrival.Signature, arrival.Body));
        Assert.Equal(WebhookVerification.NoMatchingSignature, DeliveryTestHost.Verifier("whsec_" + Convert.ToBase64String(new byte[32])).Verify(arrival.WebhookId, arrival.Timestamp, arrival.Signature, arrival.Body));
    }

    [Fact]
    public async Task A_delivery_in_flight_when_the_adapter_stops_is_delivered_after_it_starts_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        receiver.Behaviour = async (_, http) =>
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted); // the adapter goes down while this one is in flight
            return 200;
        };
        var notification = DeliveryTestHost.Notification(Guid.NewGuid());
        var first = await DeliveryTestHost.StartAsync(database, receiver.Url, s => s["Adapter:Webhook:Timeout"] = "00:01:00");
        await first.Queue.EnqueueAsync(notification, CancellationToken.None);
        await Eventually.TrueAsync(() => receiver.Arrivals.Count == 1, "the delivery is in flight");

        await first.DisposeAsync();
        Assert.Equal(DeliveryStatus.Pending, (await DeliveryTestHost.FindAsync(database, notification.NotificationId))!.Status);
        receiver.Behaviour = (_, _) => Task.FromResult(200);
        await using var second = await DeliveryTestHost.StartAsync(database, receiver.Url);

        await Eventually.TrueAsync(async () => (await second.FindAsync(notification.NotificationId))!.Status == DeliveryStatus.Delivered, "the restarted adapter delivered it");
        Assert.Equal([notification.NotificationId.ToString(), notification.NotificationId.ToString()], receiver.Arrivals.Select(a => a.WebhookId));
        Assert.Equal([notification.NotificationId.ToString()], receiver.Accepted);
    }

    [Fact]
    public async Task A_delivery_held_by_a_replica_that_died_is_taken_over_when_its_lease_lapses()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        var notification = DeliveryTestHost.Notification(Guid.NewGuid());
        DateTimeOffset claimedAt;
        await using (var dead = await DeliveryTestHost.StartAsync(database, receiver.Url, s => s["Adapter:Webhook:WorkerEnabled"] = "false"))
        {
            await dead.Queue.EnqueueAsync(notification, CancellationToken.None);
            claimedAt = DateTimeOffset.UtcNow; // at the latest: the lease runs from the claim's own clock, read after this
            Assert.Single(await dead.Store.ClaimDueAsync(1, TimeSpan.FromSeconds(5), CancellationToken.None)); // and never finishes
        }

        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url, s => s["Adapter:Webhook:PollInterval"] = "00:00:00.100");

        await Eventually.TrueAsync(() => receiver.Accepted.Count == 1, "the live replica delivered it");
        // A lease longer than a slow start of the live replica, so a replica that ignored it would be caught.
        Assert.True(receiver.Arrivals[0].At >= claimedAt.AddSeconds(5), "not before the lease lapsed");
    }

    [Fact]
    public async Task A_refusal_is_dead_lettered_at_once_and_the_case_moves_on()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        receiver.Behaviour = (received, _) => Task.FromResult(received.Body.Contains("\"status\":\"bad\"", StringComparison.Ordinal) ? 422 : 200);
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url);
        var caseId = Guid.NewGuid();
        var refused = DeliveryTestHost.Notification(caseId, status: "bad");
        var next = DeliveryTestHost.Notification(caseId);

        await host.Queue.EnqueueAsync(refused, CancellationToken.None);
        await host.Queue.EnqueueAsync(next, CancellationToken.None);

        await Eventually.TrueAsync(() => receiver.Accepted.Count == 1, "the case's next notification was delivered");
        var row = (await host.FindAsync(refused.NotificationId))!;
        Assert.Equal((DeliveryStatus.DeadLettered, 1, "Refused: HTTP 422"), (row.Status, row.Attempts, row.LastError));
    }

    [Fact]
    public async Task A_busy_endpoint_is_retried_after_the_time_it_asks_for()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        var requests = 0;
        receiver.Behaviour = (_, http) =>
        {
            if (Interlocked.Increment(ref requests) > 1)
            {
                return Task.FromResult(200);
            }
            http.Response.Headers.RetryAfter = "2";
            return Task.FromResult(429);
        };
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url);

        await host.Queue.EnqueueAsync(DeliveryTestHost.Notification(Guid.NewGuid()), CancellationToken.None);

        await Eventually.TrueAsync(() => receiver.Accepted.Count == 1, "delivered after the wait");
        var arrivals = receiver.Arrivals;
        Assert.True(arrivals[1].At - arrivals[0].At >= TimeSpan.FromSeconds(1.9), $"waited {arrivals[1].At - arrivals[0].At}, not the 2 s asked for");
    }

    [Fact]
    public async Task Deliveries_of_different_cases_go_out_in_parallel_up_to_the_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        var current = 0;
        var peak = 0;
        receiver.Behaviour = async (_, http) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            try
            {
                await Task.Delay(200, http.RequestAborted); // the endpoint's own work, not a wait: it holds requests so they overlap
            }
            finally
            {
                Interlocked.Decrement(ref current);
            }
            return 200;
        };
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url, s => s["Adapter:Webhook:MaxParallelKeys"] = "3");

        for (var i = 0; i < 9; i++)
        {
            await host.Queue.EnqueueAsync(DeliveryTestHost.Notification(Guid.NewGuid()), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => receiver.Accepted.Count == 9, "all delivered");
        Assert.Equal(3, peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task<long> AttemptsAsync(TestDatabase database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COALESCE(SUM(attempts), 0) FROM webhook_deliveries");
    }
}
