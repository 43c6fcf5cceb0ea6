using System.Data.Common;
using Yisp.Adapters.Delivery.Data;
using Yisp.Contracts.Agencies;
using Yisp.Data;

namespace Yisp.Adapters.Delivery;

/// <summary>
/// Where the feed consumer hands over a notification for delivery. The webhook id is the notification's id, so a
/// notification read twice from the feed is queued once and a receiver can drop a repeated delivery by its id.
/// </summary>
public sealed class DeliveryQueue(Database database, DeliveryStore store, IDeliveryFormatter formatter, DeliverySignal signal)
{
    /// <summary>
    /// Queues in the caller's transaction, so the delivery exists if and only if the caller commits. Call
    /// <see cref="WakeWorker"/> after the commit; without it the worker still finds the delivery at its next poll.
    /// Returns false when the notification was already queued.
    /// </summary>
    public Task<bool> EnqueueAsync(AgencyNotification notification, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        store.InsertAsync(ToDelivery(notification), connection, transaction, cancellationToken);

    /// <summary>Queues on a connection of its own and wakes the worker. Returns false when the notification was already queued.</summary>
    public async Task<bool> EnqueueAsync(AgencyNotification notification, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var queued = await EnqueueAsync(notification, connection, null, cancellationToken);
        WakeWorker();
        return queued;
    }

    public void WakeWorker() => signal.Notify();

    /// <summary>A case's notifications go out in order; a referral's, before it has a case, in their own order.</summary>
    public static string OrderingKey(AgencyNotification notification) =>
        notification.CaseId is { } caseId ? $"case:{caseId}"
        : notification.ReferralId is { } referralId ? $"referral:{referralId}"
        : $"notification:{notification.NotificationId}";

    private NewDelivery ToDelivery(AgencyNotification notification)
    {
        var payload = formatter.Format(notification);
        return new NewDelivery(notification.NotificationId, notification.Agency, notification.Kind, OrderingKey(notification), payload.ContentType, payload.Body);
    }
}
