using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Yisp.Messaging.Transactions;
using Yisp.Reporting.Data;
using Yisp.Reporting.Domain;

namespace Yisp.Reporting.Application;

/// <summary>Stores an event (stripped of any free text) and applies it to the read model, in the consumer's transaction.</summary>
public sealed class EventRecorder(EventStore events, ReadModelProjector projector, TimeProvider time)
{
    public async Task RecordAsync(UnitOfWork unitOfWork, Guid messageId, object message, CancellationToken cancellationToken)
    {
        var kept = ReportingPrivacy.Strip(message);
        var type = kept.GetType();
        var payload = JsonSerializer.Serialize(kept, type, ReadModelProjector.Json);
        var now = time.GetUtcNow();
        await events.AppendAsync(unitOfWork, messageId, type.Name, OccurredAt(kept) ?? now, payload, now, cancellationToken);
        await projector.ApplyAsync(unitOfWork, type.Name, payload, cancellationToken);
    }

    /// <summary>The time each event type says it happened: its last date-and-time property, found once per type.</summary>
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Occurred = new();

    private static DateTimeOffset? OccurredAt(object message) =>
        Occurred.GetOrAdd(message.GetType(), type => type.GetProperties().LastOrDefault(p => p.PropertyType == typeof(DateTimeOffset)))
            ?.GetValue(message) as DateTimeOffset?;
}
