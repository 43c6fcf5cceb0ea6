using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Feed;

/// <summary>Keeps a notification heard on the feed (for delivery to the agency's system); once this returns, the message is acknowledged.</summary>
public interface INotificationSink
{
    Task AcceptAsync(Guid messageId, AgencyNotification notification, CancellationToken cancellationToken);
}
