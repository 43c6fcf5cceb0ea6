using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Feed;

/// <summary>
/// Keeps a notification heard on the feed (for delivery to the agency's system); once this returns, the message is
/// acknowledged. A notification heard twice (a redelivery) is kept once, by its id.
/// </summary>
public interface INotificationSink
{
    Task AcceptAsync(AgencyNotification notification, CancellationToken cancellationToken);
}
