using MassTransit;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Messaging.Inbox;

/// <summary>
/// Handles each message id once: the inbox receipt, the consumer's own writes and any events it
/// publishes commit together, so a redelivered message changes nothing. An exception rolls all of it
/// back and lets MassTransit retry, then move the message to the _error queue.
/// </summary>
public abstract class IdempotentConsumer<T>(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics) : IConsumer<T>
    where T : class
{
    /// <summary>The name the inbox records; stable across releases, unique per consumer.</summary>
    protected virtual string ConsumerName => GetType().FullName!;

    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        await using var unitOfWork = await unitsOfWork.BeginAsync(context.CancellationToken);
        if (!await unitOfWork.TryRecordReceiptAsync(messageId, ConsumerName, context.CancellationToken))
        {
            metrics.DuplicatesIgnored.Add(1, new KeyValuePair<string, object?>("consumer", ConsumerName));
            return;
        }
        await HandleAsync(context, unitOfWork);
        await unitOfWork.CommitAsync(context.CancellationToken);
    }

    protected abstract Task HandleAsync(ConsumeContext<T> context, UnitOfWork unitOfWork);
}
