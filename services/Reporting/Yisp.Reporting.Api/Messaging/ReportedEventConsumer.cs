using MassTransit;
using Yisp.Messaging;
using Yisp.Reporting.Application;

namespace Yisp.Reporting.Messaging;

/// <summary>Hands one platform event to the ingest and acknowledges it once it is kept; a redelivered message id changes nothing.</summary>
public sealed class ReportedEventConsumer<T>(EventIngest ingest, MessagingMetrics metrics) : IConsumer<T>
    where T : class
{
    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        if (!await ingest.RecordAsync(new IncomingEvent(messageId, context.Message), context.CancellationToken))
        {
            metrics.DuplicatesIgnored.Add(1, new KeyValuePair<string, object?>("consumer", $"reporting:{typeof(T).Name}"));
        }
    }
}

/// <summary>
/// Every event type on one queue of the service's own, many at a time: the ingest writes whatever arrived together
/// in one transaction, under the read model's write lock, so events of one referral never race each other.
/// </summary>
public sealed class ReportedEventConsumerDefinition<T> : ConsumerDefinition<ReportedEventConsumer<T>>
    where T : class
{
    public const string Queue = "reporting-events";

    public ReportedEventConsumerDefinition() => Endpoint(endpoint =>
    {
        endpoint.Name = Queue;
        endpoint.PrefetchCount = 1000;
        endpoint.ConcurrentMessageLimit = 500;
    });
}
