using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Reporting.Data;

/// <summary>An event to append: what the store keeps of it.</summary>
public sealed record NewEvent(Guid MessageId, string EventType, DateTimeOffset OccurredAt, string Payload, DateTimeOffset StoredAt);

/// <summary>The append-only store of every event heard: the read model is rebuilt from it.</summary>
public sealed class EventStore
{
    private static readonly RowColumns<NewEvent> Columns = new("report_events",
    [
        ("message_id", e => e.MessageId), ("event_type", e => e.EventType), ("occurred_at", e => e.OccurredAt), ("payload", e => e.Payload),
        ("stored_at", e => e.StoredAt),
    ]);

    /// <summary>Appends the events in their order (positions follow it).</summary>
    public Task AppendAsync(UnitOfWork unitOfWork, IReadOnlyCollection<NewEvent> events, CancellationToken cancellationToken) =>
        MultiRowInsert.InsertAsync(unitOfWork.Connection, unitOfWork.Transaction, Columns, events, cancellationToken);

    /// <summary>Up to <paramref name="take"/> events after <paramref name="after"/>, in the order they were stored (a rebuild reads them in its transaction).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(UnitOfWork unitOfWork, long after, int take, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<StoredEvent>(unitOfWork.Command(ReportingSql.ReadEvents, new { after, take }, cancellationToken))).AsList();
}
