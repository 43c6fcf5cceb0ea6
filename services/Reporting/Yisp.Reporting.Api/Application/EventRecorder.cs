using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;
using Yisp.Reporting.Data;
using Yisp.Reporting.Domain;

namespace Yisp.Reporting.Application;

/// <summary>
/// Keeps a batch of events (stripped of any free text) in the store and applies them to the read model, in one
/// transaction, each message id once: the inbox receipt, the stored event and its change commit together.
/// </summary>
public sealed class EventRecorder(Database database, EventStore events, ReadModelStore readModel, ReadModelProjector projector, TimeProvider time)
{
    /// <returns>For each event, true when recorded now and false when its message id was recorded before.</returns>
    public async Task<IReadOnlyList<bool>> RecordAsync(UnitOfWork unitOfWork, IReadOnlyList<IncomingEvent> incoming, CancellationToken cancellationToken)
    {
        // The read model's write lock first: writers from other replicas wait here, so none can record the same id meanwhile.
        var version = await readModel.NextVersionAsync(unitOfWork, cancellationToken);
        var seen = await ReceivedBeforeAsync(unitOfWork, incoming, cancellationToken);
        var recorded = incoming.Select(e => seen.Add(e.MessageId)).ToList();
        var now = time.GetUtcNow();
        var fresh = incoming.Where((_, i) => recorded[i]).Select(e => (e.MessageId, Kept: ReportingPrivacy.Strip(e.Message))).ToList();
        var stored = fresh.Select(e => Stored(e.MessageId, e.Kept, now)).ToList();
        await MultiRowInsert.InsertAsync(unitOfWork.Connection, unitOfWork.Transaction, Receipts, [.. stored.Select(e => (e, now))], cancellationToken);
        await events.AppendAsync(unitOfWork, stored, cancellationToken);
        await projector.ApplyAsync(unitOfWork, version, [.. fresh.Select(e => e.Kept)], cancellationToken);
        return recorded;
    }

    private async Task<HashSet<Guid>> ReceivedBeforeAsync(UnitOfWork unitOfWork, IReadOnlyList<IncomingEvent> incoming, CancellationToken cancellationToken)
    {
        var ids = incoming.Select(e => e.MessageId).Distinct().ToList();
        var sql = $"SELECT message_id FROM inbox_messages WHERE {database.Dialect.InList("message_id", "ids")}";
        return [.. await unitOfWork.Connection.QueryAsync<Guid>(unitOfWork.Command(sql, new { ids = database.Dialect.IdList(ids) }, cancellationToken))];
    }

    private static NewEvent Stored(Guid messageId, object kept, DateTimeOffset now) =>
        new(messageId, kept.GetType().Name, OccurredAt(kept) ?? now, JsonSerializer.Serialize(kept, kept.GetType(), ReadModelProjector.Json), now);

    /// <summary>The inbox receipt of each event, under the consumer name its event type's consumer has always used.</summary>
    private static readonly RowColumns<(NewEvent Event, DateTimeOffset At)> Receipts = new("inbox_messages",
    [
        ("message_id", r => r.Event.MessageId), ("consumer", r => $"reporting:{r.Event.EventType}"), ("processed_at", r => r.At),
    ]);

    /// <summary>The time each event type says it happened: its last date-and-time property, found once per type.</summary>
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Occurred = new();

    private static DateTimeOffset? OccurredAt(object message) =>
        Occurred.GetOrAdd(message.GetType(), type => type.GetProperties().LastOrDefault(p => p.PropertyType == typeof(DateTimeOffset)))
            ?.GetValue(message) as DateTimeOffset?;
}
