using Yisp.Adapters.Feed;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Delivery;

/// <summary>What the feed brings is queued for delivery to the agency's system (once per notification id).</summary>
public sealed class DeliverySink(DeliveryQueue queue) : INotificationSink
{
    public Task AcceptAsync(AgencyNotification notification, CancellationToken cancellationToken) => queue.EnqueueAsync(notification, cancellationToken);
}
