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

/// <summary>Every event type on one queue of the service's own, so they are taken in the order they were published.</summary>
public sealed class ReportedEventConsumerDefinition<T> : ConsumerDefinition<ReportedEventConsumer<T>>
    where T : class
{
    public const string Queue = "reporting-events";

    public ReportedEventConsumerDefinition() => EndpointName = Queue;
}
