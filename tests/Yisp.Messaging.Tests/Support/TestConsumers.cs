using System.Collections.Concurrent;
using Dapper;
using FluentMigrator;
using MassTransit;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Messaging.Tests.Support;

/// <summary>Adds one to a counter row per message: the state a redelivery must not change twice.</summary>
public sealed class CounterConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics)
    : IdempotentConsumer<CounterIncremented>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<CounterIncremented> context, UnitOfWork unitOfWork) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(
            "UPDATE test_counters SET value = value + 1 WHERE id = @CounterId", context.Message, context.CancellationToken));
}

/// <summary>Counts every attempt and always fails.</summary>
public sealed class PoisonPillConsumer(AttemptLog attempts) : IConsumer<PoisonPill>
{
    public Task Consume(ConsumeContext<PoisonPill> context)
    {
        attempts.Record(context.Message.PillId);
        throw new InvalidOperationException("This consumer always fails.");
    }
}

public sealed class AttemptLog
{
    private readonly ConcurrentDictionary<Guid, int> attempts = new();

    public void Record(Guid id) => attempts.AddOrUpdate(id, 1, (_, n) => n + 1);

    public int For(Guid id) => attempts.GetValueOrDefault(id);
}

[Migration(209901010001, "Test counters")]
public sealed class M209901010001_TestCounters : Migration
{
    public override void Up() => Create.Table("test_counters")
        .WithColumn("id").AsGuid().PrimaryKey("pk_test_counters")
        .WithColumn("value").AsInt32().NotNullable();

    public override void Down() => Delete.Table("test_counters");
}

/// <summary>The counter consumer, counting each attempt at a message first (attempts that fail before any write included).</summary>
public sealed class AttemptCountingCounterConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, AttemptLog attempts)
    : IConsumer<CounterIncremented>
{
    public Task Consume(ConsumeContext<CounterIncremented> context)
    {
        attempts.Record(context.MessageId!.Value);
        return new CounterConsumer(unitsOfWork, metrics).Consume(context);
    }
}
