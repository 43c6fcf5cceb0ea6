using System.Data.Common;
using System.Text.Json;
using Dapper;
using Yisp.Data;
using Yisp.Data.Idempotency;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Correlation;
using Yisp.ServiceDefaults.Idempotency;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Messaging.Transactions;

/// <summary>
/// One database transaction for a state change and the events it causes: events are written to the
/// outbox in the same transaction, and the relay is woken once it commits. Disposing without
/// committing rolls everything back, events included. In a create with an Idempotency-Key, the commit waits for the
/// request's answer and writes the key with it (<see cref="PendingKey"/>), or fails when another request with the key
/// committed first.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private readonly Database database;
    private readonly MessageTypes messageTypes;
    private readonly IIdGenerator ids;
    private readonly TimeProvider time;
    private readonly OutboxSignal signal;
    private readonly List<PendingMessage> pending = [];
    private bool completed;
    private bool held;

    internal UnitOfWork(DbConnection connection, DbTransaction transaction, Database database,
        MessageTypes messageTypes, IIdGenerator ids, TimeProvider time, OutboxSignal signal)
    {
        Connection = connection;
        Transaction = transaction;
        this.database = database;
        this.messageTypes = messageTypes;
        this.ids = ids;
        this.time = time;
        this.signal = signal;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>Queues an event to be published if, and only if, this unit of work commits. Returns its message id.</summary>
    public Guid Publish<T>(T message) where T : class
    {
        var id = ids.NewId();
        var type = message.GetType(); // the runtime type: callers may hold an event as object
        pending.Add(new PendingMessage(id, messageTypes.NameOf(type),
            JsonSerializer.Serialize(message, type, PayloadJson), CorrelationContext.Current, time.GetUtcNow()));
        return id;
    }

    /// <summary>True the first time a consumer sees a message id; false for a redelivery, which must change nothing.</summary>
    public async Task<bool> TryRecordReceiptAsync(Guid messageId, string consumer, CancellationToken cancellationToken)
    {
        var inserted = await Connection.ExecuteAsync(new CommandDefinition(Inbox.InboxSql.InsertReceipt(database.Dialect),
            new { messageId, consumer, processedAt = time.GetUtcNow() }, Transaction, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>
    /// Runs a versioned UPDATE (<c>SET ..., version = @Version WHERE ... AND version = @ExpectedVersion</c>) for a row at
    /// the version it was read at: true when nobody had changed it since, and the row then carries its next version.
    /// </summary>
    public async Task<bool> UpdateVersionedAsync(string sql, IVersionedRow row, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(row);
        parameters.Add("Version", row.Version + 1);
        parameters.Add("ExpectedVersion", row.Version);
        if (await Connection.ExecuteAsync(Command(sql, parameters, cancellationToken)) != 1)
        {
            return false;
        }
        row.Version++;
        return true;
    }

    public CommandDefinition Command(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);

    /// <summary>
    /// Commits, or, in a create with an Idempotency-Key not yet taken, holds the transaction open for the request's answer:
    /// the key, its answer and this effect then commit together once the answer is known (<see cref="PendingKey"/>).
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (pending.Count > 0)
        {
            // One statement, not one per event; numbered in the order written, which the relay publishes them in.
            await MultiRowInsert.InsertAsync(Connection, Transaction, OutboxColumns, pending, cancellationToken, inOrder: true);
        }
        if (IdempotentRequest.Current is { Taken: false, Holding: false } key)
        {
            held = true;
            key.Hold(new HeldCreate(this, key.Claim));
            return;
        }
        await CommitNowAsync(CancellationToken.None);
    }

    private async Task CommitNowAsync(CancellationToken cancellationToken)
    {
        await Transaction.CommitAsync(cancellationToken);
        completed = true;
        if (pending.Count > 0)
        {
            signal.Notify();
        }
    }

    public ValueTask DisposeAsync() => held ? ValueTask.CompletedTask : ReleaseAsync(); // a held transaction is the request's to end

    private async ValueTask ReleaseAsync()
    {
        if (!completed)
        {
            try
            {
                await Transaction.RollbackAsync();
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // The connection already failed; the server rolls back on its own.
            }
        }
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    /// <summary>This unit of work held open for its request's answer; it ends with the key written (or lost to another request) or rolled back.</summary>
    private sealed class HeldCreate(UnitOfWork unitOfWork, IdempotencyClaim claim) : IHeldCommit
    {
        public async Task CommitAsync(IdempotencyAnswer? answer)
        {
            try
            {
                await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(answer is null ? IdempotencySql.Claim : IdempotencySql.Record,
                    new { claim.ClientId, claim.KeyHash, claim.RequestHash, claim.Now, answer?.StatusCode, answer?.Location, answer?.Etag, answer?.Body }));
                await unitOfWork.CommitNowAsync(CancellationToken.None);
            }
            catch (DbException ex) when (unitOfWork.database.Dialect.IsUniqueViolation(ex))
            {
                throw new IdempotencyClaimLostException(); // released below: rolled back
            }
            finally
            {
                await unitOfWork.ReleaseAsync();
            }
        }

        public Task RollBackAsync() => unitOfWork.ReleaseAsync().AsTask();
    }

    private sealed record PendingMessage(Guid Id, string MessageType, string Payload, string? CorrelationId, DateTimeOffset CreatedAt);

    /// <summary>The columns of <see cref="OutboxSql.InsertRow"/>: due at once, not yet tried.</summary>
    private static readonly RowColumns<PendingMessage> OutboxColumns = new("outbox_messages",
    [
        ("id", m => m.Id), ("message_type", m => m.MessageType), ("payload", m => m.Payload), ("correlation_id", m => m.CorrelationId),
        ("created_at", m => m.CreatedAt), ("next_attempt_at", m => m.CreatedAt), ("attempts", _ => 0),
    ]);
}
