using MassTransit;
using Yisp.Messaging;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Transactions;
using Yisp.Reporting.Application;

namespace Yisp.Reporting.Messaging;

/// <summary>Keeps one platform event in the store and applies it to the read model, once per message id.</summary>
public sealed class ReportedEventConsumer<T>(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, EventRecorder recorder)
    : IdempotentConsumer<T>(unitsOfWork, metrics)
    where T : class
{
    protected override string ConsumerName => $"reporting:{typeof(T).Name}";

    protected override Task HandleAsync(ConsumeContext<T> context, UnitOfWork unitOfWork) =>
        recorder.RecordAsync(unitOfWork, context.MessageId!.Value, context.Message, context.CancellationToken);
}

/// <summary>
/// Every event type on one queue of the service's own, taken one at a time: the events of one referral arrive together
/// (received, linked, screened), and handled side by side they would race to create the same read-model row, each
/// loser retried until, under load, its retries ran out.
/// </summary>
public sealed class ReportedEventConsumerDefinition<T> : ConsumerDefinition<ReportedEventConsumer<T>>
    where T : class
{
    public const string Queue = "reporting-events";

    public ReportedEventConsumerDefinition() => Endpoint(endpoint =>
    {
        endpoint.Name = Queue;
        endpoint.ConcurrentMessageLimit = 1;
    });
}
