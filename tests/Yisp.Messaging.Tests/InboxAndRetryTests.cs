using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Tests.Support;
using Yisp.Messaging.Transactions;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

public sealed class InboxAndRetryTests
{
    [Fact]
    public async Task A_message_delivered_twice_changes_state_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            consumers: bus => bus.AddConsumer<CounterConsumer, CounterConsumerDefinition>());
        var counterId = Guid.NewGuid();
        await Sql.ExecuteAsync(database, "INSERT INTO test_counters (id, value) VALUES (@counterId, 0)", new { counterId });
        var bus = host.Services.GetRequiredService<IBus>();
        var message = new CounterIncremented(counterId);
        var messageId = Guid.NewGuid();

        using var duplicates = new DuplicateWatch();

        await bus.Publish(message, context => context.MessageId = messageId);
        await Eventually.TrueAsync(async () => await CounterAsync(database, counterId) == 1, "the first delivery is handled");
        await bus.Publish(message, context => context.MessageId = messageId);
        await bus.Publish(message, context => context.MessageId = Guid.NewGuid());
        await Eventually.TrueAsync(async () => await CounterAsync(database, counterId) >= 2, "the distinct message is handled");
        await duplicates.SkippedAsync<CounterConsumer>();

        Assert.Equal(2, await CounterAsync(database, counterId));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM inbox_messages"));
    }

    private static Task<int> CounterAsync(TestDatabase database, Guid counterId) =>
        Sql.ScalarAsync<int>(database, "SELECT value FROM test_counters WHERE id = @counterId", new { counterId });

    [Fact]
    public async Task A_consumer_that_keeps_throwing_is_retried_then_its_message_lands_in_the_error_queue_intact()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            consumers: bus => bus.AddConsumer<PoisonPillConsumer>());
        var pill = new PoisonPill(Guid.NewGuid(), "original payload ✓");

        await using (var unitOfWork = await host.Services.GetRequiredService<UnitOfWorkFactory>().BeginAsync(default))
        {
            unitOfWork.Publish(pill);
            await unitOfWork.CommitAsync(default);
        }

        var queue = host.Services.GetRequiredService<IEndpointNameFormatter>().Consumer<PoisonPillConsumer>();
        Assert.Equal("test-poison-pill", queue); // queues carry the service's name: no two services share one
        IReadOnlyList<string> parked = [];
        await Eventually.TrueAsync(async () =>
            (parked = await virtualHost.Management.TakeMessagesAsync(virtualHost.Name, $"{queue}_error", 10)).Count > 0,
            "the message reaches its _error queue");
        Assert.Single(parked);
        Assert.Contains(pill.PillId.ToString(), parked[0], StringComparison.Ordinal);
        Assert.Contains(pill.Note, parked[0], StringComparison.Ordinal);
        Assert.Equal(3, host.Services.GetRequiredService<AttemptLog>().For(pill.PillId)); // first try + RetryLimit (2)
    }
}

public sealed class CounterConsumerDefinition : ConsumerDefinition<CounterConsumer>
{
    public CounterConsumerDefinition() => ConcurrentMessageLimit = 1;
}
