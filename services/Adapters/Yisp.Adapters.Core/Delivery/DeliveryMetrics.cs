using System.Diagnostics.Metrics;

namespace Yisp.Adapters.Delivery;

public sealed class DeliveryMetrics
{
    public const string MeterName = "Yisp.Adapters";

    private readonly Counter<long> delivered;
    private readonly Counter<long> retried;
    private readonly Counter<long> deadLettered;

    public DeliveryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        delivered = meter.CreateCounter<long>("yisp.adapters.webhooks.delivered", description: "Webhook deliveries the agency's endpoint accepted.");
        retried = meter.CreateCounter<long>("yisp.adapters.webhooks.retried", description: "Failed webhook attempts that will be retried.");
        deadLettered = meter.CreateCounter<long>("yisp.adapters.webhooks.dead_lettered", description: "Webhook deliveries given up on, kept for replay.");
    }

    public void Delivered(string agency) => delivered.Add(1, new KeyValuePair<string, object?>("agency", agency));

    public void Retried(string agency) => retried.Add(1, new KeyValuePair<string, object?>("agency", agency));

    public void DeadLettered(string agency) => deadLettered.Add(1, new KeyValuePair<string, object?>("agency", agency));
}
