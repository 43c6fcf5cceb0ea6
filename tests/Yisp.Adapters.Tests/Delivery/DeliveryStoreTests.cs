using Microsoft.Extensions.DependencyInjection;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Delivery.Data;
using Yisp.Data;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Delivery;

/// <summary>The queue itself, on a replica whose worker is off.</summary>
public sealed class DeliveryStoreTests
{
    private static Task<DeliveryTestHost> StartIdleAsync(TestDatabase database) =>
        DeliveryTestHost.StartAsync(database, "http://127.0.0.1:9/hooks", s => s["Adapter:Webhook:WorkerEnabled"] = "false");

    [Fact]
    public async Task A_notification_queued_twice_is_one_delivery_under_its_own_id()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await StartIdleAsync(database);
        var notification = DeliveryTestHost.Notification(Guid.NewGuid());

        Assert.True(await host.Queue.EnqueueAsync(notification, CancellationToken.None));
        Assert.False(await host.Queue.EnqueueAsync(notification with { Status = "changed" }, CancellationToken.None));

        var rows = await host.Store.ListAsync(null, 0, 10, CancellationToken.None);
        var row = Assert.Single(rows);
        Assert.Equal(notification.NotificationId, row.WebhookId);
        Assert.Equal($"case:{notification.CaseId}", row.OrderingKey);
        Assert.Contains("\"status\":\"active\"", row.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_queued_in_a_transaction_exists_only_if_it_commits()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await StartIdleAsync(database);
        var db = host.Services.GetRequiredService<Database>();
        var rolledBack = DeliveryTestHost.Notification(Guid.NewGuid());
        var committed = DeliveryTestHost.Notification(Guid.NewGuid());

        await using (var connection = await db.OpenAsync(CancellationToken.None))
        {
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                Assert.True(await host.Queue.EnqueueAsync(rolledBack, connection, transaction, CancellationToken.None));
                await transaction.RollbackAsync();
            }
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                Assert.True(await host.Queue.EnqueueAsync(committed, connection, transaction, CancellationToken.None));
                await transaction.CommitAsync();
            }
        }

        Assert.Null(await host.FindAsync(rolledBack.NotificationId));
        Assert.NotNull(await host.FindAsync(committed.NotificationId));
    }

    /// <summary>
    /// With a backlog, finding each case's first pending delivery reads the front of the queue and each candidate's own
    /// case, not the whole backlog: whether the table's statistics were taken while the queue was empty (as autovacuum may
    /// have) or with the backlog in it.
    /// </summary>
    [Fact]
    public async Task The_first_pending_delivery_of_each_case_is_found_from_the_front_of_the_queue()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await StartIdleAsync(database);
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await new Npgsql.NpgsqlCommand("""
            ALTER TABLE webhook_deliveries SET (autovacuum_enabled = false); -- the statistics stay the ones taken below
            INSERT INTO webhook_deliveries (webhook_id, agency, kind, ordering_key, content_type, body, status, attempts, next_attempt_at, queued_at, created_at)
            SELECT gen_random_uuid(), 'health', 'case-shared', 'case:' || (g % 2000), 'application/json', '{}', 'delivered', 1, now(), now(), now()
            FROM generate_series(1, 4000) g;
            ANALYZE webhook_deliveries;
            UPDATE webhook_deliveries SET status = 'pending', attempts = 0
            """, connection).ExecuteNonQueryAsync();

        AssertReadsOnlyTheFrontAndEachCase(await ExplainDueHeadsAsync(connection));
        await new Npgsql.NpgsqlCommand("ANALYZE webhook_deliveries", connection).ExecuteNonQueryAsync();
        AssertReadsOnlyTheFrontAndEachCase(await ExplainDueHeadsAsync(connection));
        Assert.Equal(8, (await NewStore(host).ClaimDueAsync(8, TimeSpan.FromMinutes(1), CancellationToken.None)).Count);
    }

    private static void AssertReadsOnlyTheFrontAndEachCase(string plan)
    {
        Assert.Contains("Index Scan using ix_webhook_deliveries_pending", plan, StringComparison.Ordinal);
        Assert.Contains("Index Scan using ix_webhook_deliveries_key_sequence", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Rows Removed by Join Filter", plan, StringComparison.Ordinal);
    }

    private static async Task<string> ExplainDueHeadsAsync(Npgsql.NpgsqlConnection connection)
    {
        var plan = new System.Text.StringBuilder();
        await using var explain = new Npgsql.NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " +
            DeliverySql.DueHeads.Replace("@now", "now()", StringComparison.Ordinal).Replace("@limit", "8", StringComparison.Ordinal), connection);
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(0));
        }
        return plan.ToString();
    }

    [Fact]
    public async Task A_replay_answers_with_the_delivery_as_queued_and_only_a_dead_lettered_one_is_replayed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await StartIdleAsync(database);
        var notification = DeliveryTestHost.Notification(Guid.NewGuid());
        await host.Queue.EnqueueAsync(notification, CancellationToken.None);
        var claimed = Assert.Single(await host.Store.ClaimDueAsync(1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Null(await host.Store.ReplayAsync(notification.NotificationId, CancellationToken.None)); // pending, not dead-lettered
        Assert.True(await host.Store.DeadLetterAsync(claimed, "Refused: HTTP 422"));

        var replayed = await host.Store.ReplayAsync(notification.NotificationId, CancellationToken.None);

        Assert.NotNull(replayed);
        Assert.Equal((DeliveryStatus.Pending, 0, (string?)null), (replayed.Status, replayed.Attempts, replayed.LastError));
        Assert.Null(await host.Store.ReplayAsync(notification.NotificationId, CancellationToken.None)); // queued again already
        Assert.Null(await host.Store.ReplayAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Replicas_claim_disjoint_deliveries_and_only_the_first_of_each_case()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await StartIdleAsync(database);
        var cases = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        var firsts = new HashSet<Guid>();
        foreach (var caseId in cases)
        {
            var first = DeliveryTestHost.Notification(caseId);
            firsts.Add(first.NotificationId);
            await host.Queue.EnqueueAsync(first, CancellationToken.None);
            await host.Queue.EnqueueAsync(DeliveryTestHost.Notification(caseId), CancellationToken.None);
        }
        // Two more stores on the same database stand for two more replicas.
        var replicas = new[] { NewStore(host), NewStore(host) };

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => replicas[i % 2].ClaimDueAsync(5, TimeSpan.FromMinutes(1), CancellationToken.None)));
        var claimed = claims.SelectMany(c => c).Select(c => c.Row.WebhookId).ToList();
        // Claims that read the same heads at once share them out (each row goes to one), so how many the burst took depends
        // on timing; what is left is taken by claims one after another.
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.True(claimed.All(firsts.Contains), "only each case's first delivery is claimed");
        while (await replicas[claimed.Count % 2].ClaimDueAsync(5, TimeSpan.FromMinutes(1), CancellationToken.None) is { Count: > 0 } more)
        {
            claimed.AddRange(more.Select(c => c.Row.WebhookId));
        }

        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.True(firsts.SetEquals(claimed), "each case's first delivery, and only those, is claimed");
    }

    private static DeliveryStore NewStore(DeliveryTestHost host) =>
        new(host.Services.GetRequiredService<Database>(), TimeProvider.System);
}
