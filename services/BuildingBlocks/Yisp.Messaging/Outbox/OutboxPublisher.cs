using System.Text.Json;
using MassTransit;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Correlation;

namespace Yisp.Messaging.Outbox;

/// <summary>Publishes one outbox row with its row id as MessageId and its correlation id as a header.</summary>
public sealed class OutboxPublisher(IBus bus, MessageTypes messageTypes)
{
    public async Task<PublishOutcome> PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        object message;
        Type type;
        try
        {
            type = messageTypes.Resolve(row.MessageType)
                ?? throw new InvalidOperationException($"Unknown message type {row.MessageType}.");
            message = JsonSerializer.Deserialize(row.Payload, type, UnitOfWork.PayloadJson)
                ?? throw new InvalidOperationException("The payload is empty.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or NotSupportedException)
        {
            return PublishOutcome.MessageFault(row, ex);
        }

        try
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = row.Id;
                if (row.CorrelationId is { } correlationId)
                {
                    context.Headers.Set(CorrelationContext.HeaderName, correlationId);
                    if (Guid.TryParse(correlationId, out var asGuid))
                    {
                        context.CorrelationId = asGuid;
                    }
                }
            }), cancellationToken);
            return PublishOutcome.Sent(row);
        }
        catch (Exception ex)
        {
            return PublishOutcome.BrokerFault(row, ex, timedOut: ex is OperationCanceledException);
        }
    }
}

/// <summary>
/// What happened to one row. A message fault is the row's own (an unknown type, a bad payload); a
/// broker fault may be the broker's, and counts against the row only when its neighbours got through.
/// </summary>
public sealed record PublishOutcome(OutboxRow Row, bool Published, bool IsMessageFault, Exception? Error, bool TimedOut = false)
{
    public static PublishOutcome Sent(OutboxRow row) => new(row, true, false, null);
    public static PublishOutcome MessageFault(OutboxRow row, Exception error) => new(row, false, true, error);
    public static PublishOutcome BrokerFault(OutboxRow row, Exception error, bool timedOut) => new(row, false, false, error, timedOut);

    /// <summary>Left for the next batch, to keep the order, after the row before it failed; like a timeout, never counted against it.</summary>
    public static PublishOutcome NotAttempted(OutboxRow row) => new(row, false, false, null, TimedOut: true);

    /// <summary>Whether this failure counts towards parking the row: a slow broker's timeout never does.</summary>
    public bool CountsAgainstRow(bool brokerReachable) => !Published && (IsMessageFault || (brokerReachable && !TimedOut));
}
