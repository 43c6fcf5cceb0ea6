using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Agencies;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Tests.Support;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Correlation;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

public sealed class OutboxTests
{
    [Fact]
    public async Task A_rolled_back_transaction_publishes_nothing_and_a_committed_one_publishes_exactly_what_it_wrote()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<WorkItemCreated>.StartAsync(virtualHost);
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost);
        var unitsOfWork = host.Services.GetRequiredService<UnitOfWorkFactory>();

        await using (var abandoned = await unitsOfWork.BeginAsync(default))
        {
            abandoned.Publish(new WorkItemCreated(Guid.NewGuid(), "rolled back"));
        }
        var written = new[] { new WorkItemCreated(Guid.NewGuid(), "first"), new WorkItemCreated(Guid.NewGuid(), "second") };
        Guid[] messageIds;
        CorrelationContext.Current = "outbox-test-correlation";
        await using (var committed = await unitsOfWork.BeginAsync(default))
        {
            messageIds = [.. written.Select(committed.Publish)];
            await committed.CommitAsync(default);
        }
        CorrelationContext.Current = null;

        await listener.WaitForCountAsync(2);
        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(database,
            "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") == 0, "the outbox is drained");
        await Task.Delay(300);

        Assert.Equal(2, await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages"));
        Assert.Equal(written.OrderBy(w => w.Label), listener.Messages.Select(m => m.Message).OrderBy(w => w.Label));
        Assert.Equal(messageIds.Order(), listener.Messages.Select(m => m.MessageId!.Value).Order());
        Assert.All(listener.Messages, m => Assert.Equal("outbox-test-correlation", m.CorrelationId));
    }

    [Fact]
    public async Task A_commit_wakes_the_relay_without_waiting_for_the_poll()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<WorkItemCreated>.StartAsync(virtualHost);
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            overrides: new Dictionary<string, string?> { ["Outbox:PollInterval"] = "00:30:00" });
        await Task.Delay(500); // the relay has made its first pass and is now waiting on the 30-minute poll
        var unitsOfWork = host.Services.GetRequiredService<UnitOfWorkFactory>();

        await using (var unitOfWork = await unitsOfWork.BeginAsync(default))
        {
            unitOfWork.Publish(new WorkItemCreated(Guid.NewGuid(), "wake up"));
            await unitOfWork.CommitAsync(default);
        }

        await listener.WaitForCountAsync(1, TimeSpan.FromSeconds(15));
    }

    /// <summary>A relay publishes only while it holds the relays' one turn: a later batch can never overtake an earlier one.</summary>
    [Fact]
    public async Task A_relay_waits_for_its_turn_while_another_relays()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<WorkItemCreated>.StartAsync(virtualHost);
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            overrides: new Dictionary<string, string?> { ["Outbox:PollInterval"] = "00:00:00.200" });
        await using var otherRelay = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await otherRelay.OpenAsync();
        await using var turn = await otherRelay.BeginTransactionAsync();
        await new Npgsql.NpgsqlCommand("SELECT id FROM outbox_relay_turn WHERE id = 1 FOR UPDATE", otherRelay, turn).ExecuteNonQueryAsync();

        var unitsOfWork = host.Services.GetRequiredService<UnitOfWorkFactory>();
        await using (var unitOfWork = await unitsOfWork.BeginAsync(default))
        {
            unitOfWork.Publish(new WorkItemCreated(Guid.NewGuid(), "after the other relay's batch"));
            await unitOfWork.CommitAsync(default);
        }
        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(database, """
            SELECT COUNT(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%outbox_relay_turn%'
            """) > 0, "a relay waits for the turn");
        var unsentWhileHeld = await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL");
        var publishedWhileHeld = listener.Messages.Count;
        await turn.CommitAsync();

        Assert.Equal(1L, unsentWhileHeld);
        Assert.Equal(0, publishedWhileHeld);
        await listener.WaitForCountAsync(1, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Two_relays_over_one_outbox_deliver_every_event_and_none_twice()
    {
        const int events = 1000;
        var manualRelay = new Dictionary<string, string?> { ["Outbox:RelayEnabled"] = "false", ["Outbox:BatchSize"] = "25" };
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<WorkItemCreated>.StartAsync(virtualHost);
        await using var first = await MessagingTestHost.StartAsync(database, virtualHost, overrides: manualRelay);
        await using var second = await MessagingTestHost.StartAsync(database, virtualHost, overrides: manualRelay);

        var unitsOfWork = first.Services.GetRequiredService<UnitOfWorkFactory>();
        var expected = new HashSet<Guid>();
        for (var batch = 0; batch < events / 50; batch++)
        {
            await using var unitOfWork = await unitsOfWork.BeginAsync(default);
            for (var i = 0; i < 50; i++)
            {
                expected.Add(unitOfWork.Publish(new WorkItemCreated(Guid.NewGuid(), $"item {batch}-{i}")));
            }
            await unitOfWork.CommitAsync(default);
        }

        var sentByRelay = await Task.WhenAll(
            DrainAsync(first.Services.GetRequiredService<OutboxRelay>(), database),
            DrainAsync(second.Services.GetRequiredService<OutboxRelay>(), database));

        await listener.WaitForCountAsync(events);
        await Task.Delay(500);
        Assert.Equal(events, sentByRelay.Sum());
        Assert.All(sentByRelay, sent => Assert.True(sent > 0, "both relays took part"));
        Assert.Equal(events, listener.Messages.Count);
        Assert.True(expected.SetEquals(listener.Messages.Select(m => m.MessageId!.Value)));
    }

    /// <summary>
    /// A batch's events are published concurrently (one broker confirm for them all), yet they must reach an agency's
    /// feed in the order they were written: its adapter delivers each case's notices in the order it hears them.
    /// </summary>
    [Fact]
    public async Task A_batch_reaches_the_agency_feed_in_the_order_it_was_written()
    {
        const int notices = 300;
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            overrides: new Dictionary<string, string?> { ["Outbox:RelayEnabled"] = "false", ["Outbox:BatchSize"] = "400" });
        // The first batch finds no way to the broker made yet; the second finds it made.
        foreach (var batch in new[] { "first", "second" })
        {
            var written = new List<Guid>();
            await using (var unitOfWork = await host.Services.GetRequiredService<UnitOfWorkFactory>().BeginAsync(default))
            {
                for (var i = 0; i < notices; i++)
                {
                    var notice = new AgencyNotification(Guid.CreateVersion7(), "police", NotificationKind.ReferralScreened, Guid.NewGuid(), Guid.NewGuid(),
                        null, $"{i}", DateTimeOffset.UtcNow);
                    unitOfWork.Publish(notice);
                    written.Add(notice.NotificationId);
                    if (i % 50 == 20)
                    {
                        unitOfWork.Publish(new WorkItemCreated(Guid.NewGuid(), $"among the notices {i}")); // another type, another exchange
                    }
                }
                await unitOfWork.CommitAsync(default);
            }

            var relayed = await host.Services.GetRequiredService<OutboxRelay>().RelayBatchAsync(default);

            Assert.Equal(notices + (notices / 50), relayed.Sent);
            var heard = await AgencyFeedReader.TakeAsync(virtualHost, "police", notices);
            Assert.True(written.SequenceEqual(heard.Select(n => n.NotificationId)), $"The {batch} batch reached the feed out of order.");
        }
    }

    private static async Task<int> DrainAsync(OutboxRelay relay, TestDatabase database)
    {
        var sent = 0;
        while (await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") > 0)
        {
            sent += (await relay.RelayBatchAsync(default)).Sent;
        }
        return sent;
    }

    [Fact]
    public async Task A_message_that_cannot_be_published_is_retried_with_back_off_then_parked_while_others_flow()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<WorkItemCreated>.StartAsync(virtualHost);
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost, overrides: new Dictionary<string, string?>
        {
            ["Outbox:MaxAttempts"] = "3",
            ["Outbox:RetryBaseDelay"] = "00:00:00.050",
            ["Outbox:PollInterval"] = "00:00:00.100",
        });
        var broken = Guid.CreateVersion7();
        await Sql.ExecuteAsync(database, """
            INSERT INTO outbox_messages (id, message_type, payload, created_at, next_attempt_at, attempts)
            VALUES (@broken, 'Yisp.Contracts.NoSuchEvent', '{}', now(), now(), 0)
            """, new { broken });
        var unitsOfWork = host.Services.GetRequiredService<UnitOfWorkFactory>();
        await using (var unitOfWork = await unitsOfWork.BeginAsync(default))
        {
            unitOfWork.Publish(new WorkItemCreated(Guid.NewGuid(), "healthy neighbour"));
            await unitOfWork.CommitAsync(default);
        }

        await listener.WaitForCountAsync(1);
        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(database,
            "SELECT COUNT(*) FROM outbox_messages WHERE id = @broken AND parked_at IS NOT NULL", new { broken }) == 1,
            "the broken message is parked");
        Assert.Equal(3, await Sql.ScalarAsync<int>(database, "SELECT attempts FROM outbox_messages WHERE id = @broken", new { broken }));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database,
            "SELECT COUNT(*) FROM outbox_messages WHERE id = @broken AND sent_at IS NOT NULL", new { broken }));
        Assert.Contains("Unknown message type", await Sql.ScalarAsync<string>(database,
            "SELECT last_error FROM outbox_messages WHERE id = @broken", new { broken }));
    }

    [Fact]
    public async Task Cleanup_removes_only_sent_rows_and_receipts_past_their_retention()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            overrides: new Dictionary<string, string?> { ["Outbox:RelayEnabled"] = "false", ["Outbox:CleanupEnabled"] = "false" });
        await Sql.ExecuteAsync(database, """
            INSERT INTO outbox_messages (id, message_type, payload, created_at, next_attempt_at, attempts, sent_at) VALUES
              (gen_random_uuid(), 'old-sent', '{}', now() - interval '10 days', now(), 0, now() - interval '8 days'),
              (gen_random_uuid(), 'recent-sent', '{}', now(), now(), 0, now() - interval '1 hour'),
              (gen_random_uuid(), 'old-unsent', '{}', now() - interval '10 days', now(), 0, NULL);
            INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES
              (gen_random_uuid(), 'old', now() - interval '40 days'),
              (gen_random_uuid(), 'recent', now() - interval '1 day');
            """);

        var removed = await host.Services.GetRequiredService<OutboxCleanup>().CleanUpAsync(default);

        Assert.Equal(2, removed);
        Assert.Equal("old-unsent,recent-sent", await Sql.ScalarAsync<string>(database,
            "SELECT string_agg(message_type, ',' ORDER BY message_type) FROM outbox_messages"));
        Assert.Equal("recent", await Sql.ScalarAsync<string>(database, "SELECT string_agg(consumer, ',') FROM inbox_messages"));
    }
}
