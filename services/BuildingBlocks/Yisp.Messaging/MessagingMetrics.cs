using System.Diagnostics.Metrics;

namespace Yisp.Messaging;

public sealed class MessagingMetrics
{
    public const string MeterName = "Yisp.Messaging";

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Published = meter.CreateCounter<long>("yisp.outbox.published", description: "Outbox messages published to the broker.");
        Failed = meter.CreateCounter<long>("yisp.outbox.failed", description: "Outbox messages whose publish failed and will be retried.");
        Parked = meter.CreateCounter<long>("yisp.outbox.parked", description: "Outbox messages parked after too many failed attempts.");
        Outages = meter.CreateCounter<long>("yisp.outbox.broker_unreachable", description: "Relay batches abandoned because the broker was unreachable.");
        DuplicatesIgnored = meter.CreateCounter<long>("yisp.inbox.duplicates", description: "Redelivered messages the inbox recognised and skipped.");
    }

    public Counter<long> Published { get; }
    public Counter<long> Failed { get; }
    public Counter<long> Parked { get; }
    public Counter<long> Outages { get; }
    public Counter<long> DuplicatesIgnored { get; }
}
