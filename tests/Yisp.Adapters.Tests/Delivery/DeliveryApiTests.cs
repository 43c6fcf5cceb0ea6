using System.Net;
using System.Net.Http.Json;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Delivery.Api;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Delivery;

public sealed class DeliveryApiTests
{
    private const string Log = DeliveryTestHost.ApiPrefix;

    [Fact]
    public async Task A_delivery_failing_for_the_whole_retry_window_is_dead_lettered_and_a_replay_delivers_it_under_the_same_id()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        receiver.Behaviour = (_, _) => Task.FromResult(503);
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url, s => s["Adapter:Webhook:RetryFor"] = "00:00:03");
        var notification = DeliveryTestHost.Notification(Guid.NewGuid());
        var queuedAt = DateTimeOffset.UtcNow;
        await host.Queue.EnqueueAsync(notification, CancellationToken.None);

        await Eventually.TrueAsync(async () => (await DeadLetteredAsync(host)).Count == 1, "the delivery was dead-lettered");
        var deadLetteredBy = DateTimeOffset.UtcNow;
        var dead = Assert.Single(await DeadLetteredAsync(host));
        Assert.True(dead.Attempts > 2, $"retried before giving up ({dead.Attempts} attempts)");
        Assert.StartsWith("Retried for 00:00:03; last: HTTP 503", dead.LastError, StringComparison.Ordinal);
        // Not before the window closed. (The last attempt's arrival says less: on a loaded machine one started before the
        // window's end and was answered after it. The window is 3 s: in 1 s a slow start left room for one or two attempts.)
        Assert.True(deadLetteredBy - queuedAt >= TimeSpan.FromSeconds(3), "dead-lettered only once the window had closed");
        Assert.Empty(receiver.Accepted);

        receiver.Behaviour = (_, _) => Task.FromResult(200);
        var replay = await host.Client.PostAsync($"{Log}/{notification.NotificationId}/replay", null);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(DeliveryStatus.Pending, (await replay.Content.ReadFromJsonAsync<DeliveryView>())!.Status);
        await Eventually.TrueAsync(() => receiver.Accepted.Count == 1, "the replay was delivered");
        Assert.Equal([notification.NotificationId.ToString()], receiver.Accepted.ToArray());
        Assert.Equal(HttpStatusCode.Conflict, (await host.Client.PostAsync($"{Log}/{notification.NotificationId}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync($"{Log}/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Replaying_a_period_sends_its_deliveries_again_in_order_under_their_ids()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url);
        var caseId = Guid.NewGuid();
        var before = DeliveryTestHost.Notification(caseId);
        await host.Queue.EnqueueAsync(before, CancellationToken.None);
        await Eventually.TrueAsync(() => receiver.Accepted.Count == 1, "the first was delivered");
        var from = DateTimeOffset.UtcNow;
        var inPeriod = new[] { DeliveryTestHost.Notification(caseId, status: "one"), DeliveryTestHost.Notification(caseId, status: "two") };
        foreach (var notification in inPeriod)
        {
            await host.Queue.EnqueueAsync(notification, CancellationToken.None);
        }
        // Delivered as the adapter records it, not as the receiver saw it: a period replay leaves out a delivery still pending
        // (sent, its answer not yet recorded), which the worker is finishing.
        await Eventually.TrueAsync(async () => (await DeliveredAsync(host)).Count == 3, "all were delivered");
        var to = DateTimeOffset.UtcNow;

        var response = await host.Client.PostAsJsonAsync($"{Log}/replay", new { from = from.ToString("o"), to = to.ToString("o") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<ReplayPeriodResult>())!.Requeued);
        await Eventually.TrueAsync(() => receiver.Arrivals.Count == 5, "the period was delivered again");
        Assert.Equal(inPeriod.Select(n => n.NotificationId.ToString()), receiver.Arrivals.Skip(3).Select(a => a.WebhookId));
        await Eventually.TrueAsync(async () => (await DeliveredAsync(host)).Count == 3, "all delivered again");
    }

    [Fact]
    public async Task The_log_pages_newest_first_and_filters_by_status()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await DeliveryTestHost.StartAsync(database, "http://127.0.0.1:9/hooks", s => s["Adapter:Webhook:WorkerEnabled"] = "false");
        var queued = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var notification = DeliveryTestHost.Notification(Guid.NewGuid());
            queued.Add(notification.NotificationId);
            await host.Queue.EnqueueAsync(notification, CancellationToken.None);
        }

        var second = await host.Client.GetFromJsonAsync<DeliveryLogPage>($"{Log}?page=2&pageSize=2");
        var delivered = await host.Client.GetFromJsonAsync<DeliveryLogPage>($"{Log}?status=delivered");
        var bad = await host.Client.GetAsync($"{Log}?status=sent&pageSize=0");

        Assert.Equal([queued[2], queued[1]], second!.Items.Select(d => d.WebhookId).ToArray());
        Assert.Empty(delivered!.Items);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":[", problem, StringComparison.Ordinal);
        Assert.Contains("\"pageSize\":[", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_period_replay_needs_a_period()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await DeliveryTestHost.StartAsync(database, "http://127.0.0.1:9/hooks", s => s["Adapter:Webhook:WorkerEnabled"] = "false");

        var response = await host.Client.PostAsJsonAsync($"{Log}/replay", new { from = "2026-12-10", to = "yesterday" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"to\":[", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_adapter_with_a_malformed_secret_does_not_start()
    {
        await using var database = await TestDatabase.CreateAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            DeliveryTestHost.StartAsync(database, "http://127.0.0.1:9/hooks", s => s["Adapter:Webhook:Secrets:0"] = "not-a-secret"));

        Assert.Contains("whsec_", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<DeliveryView>> DeliveredAsync(DeliveryTestHost host) =>
        (await host.Client.GetFromJsonAsync<DeliveryLogPage>($"{Log}?status=delivered"))!.Items;

    private static async Task<IReadOnlyList<DeliveryView>> DeadLetteredAsync(DeliveryTestHost host) =>
        (await host.Client.GetFromJsonAsync<DeliveryLogPage>($"{Log}?status=dead-lettered"))!.Items;
}
