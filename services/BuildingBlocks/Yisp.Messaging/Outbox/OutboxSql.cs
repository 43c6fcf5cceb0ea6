using Yisp.Data;
using Yisp.Data.Dialects;

namespace Yisp.Messaging.Outbox;

/// <summary>The outbox's statements: portable ones as constants, the two that differ per engine as functions of the dialect.</summary>
public static class OutboxSql
{
    public const string InsertRow = """
        INSERT INTO outbox_messages (id, message_type, payload, correlation_id, created_at, next_attempt_at, attempts)
        VALUES (@Id, @MessageType, @Payload, @CorrelationId, @CreatedAt, @CreatedAt, 0)
        """;

    public const string RecordFailure = """
        UPDATE outbox_messages
        SET attempts = @attempts, next_attempt_at = @nextAttemptAt, parked_at = @parkedAt, last_error = @lastError
        WHERE id = @id
        """;

    public const string DeleteSentBefore = "DELETE FROM outbox_messages WHERE sent_at < @cutoff";

    /// <summary>Waits for, then holds until the transaction ends, the relays' one turn (a relay of another lane or replica may hold it).</summary>
    public static string TakeTurn(ISqlDialect dialect) => dialect.Engine == DatabaseEngine.SqlServer
        ? "SELECT id FROM outbox_relay_turn WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE id = 1"
        : "SELECT id FROM outbox_relay_turn WHERE id = 1 FOR UPDATE";

    /// <summary>Claims up to @batchSize due rows in the order they were written, skipping rows another relay holds. Params: @batchSize, @now.</summary>
    public static string ClaimBatch(ISqlDialect dialect) => dialect.Engine == DatabaseEngine.SqlServer
        ? """
          SELECT TOP (@batchSize) id, message_type, payload, correlation_id, attempts
          FROM outbox_messages WITH (UPDLOCK, READPAST, ROWLOCK)
          WHERE sent_at IS NULL AND parked_at IS NULL AND next_attempt_at <= @now
          ORDER BY [sequence]
          """
        : """
          SELECT id, message_type, payload, correlation_id, attempts
          FROM outbox_messages
          WHERE sent_at IS NULL AND parked_at IS NULL AND next_attempt_at <= @now
          ORDER BY sequence
          LIMIT @batchSize
          FOR UPDATE SKIP LOCKED
          """;

    /// <summary>Marks the given rows sent. Params: @ids (see <see cref="ISqlDialect.IdList"/>), @sentAt.</summary>
    public static string MarkSent(ISqlDialect dialect) => $"UPDATE outbox_messages SET sent_at = @sentAt WHERE {dialect.InList("id", "ids")}";
}
