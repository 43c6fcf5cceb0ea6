namespace Yisp.Messaging.Outbox;

/// <summary>The outbox's portable statements (the engine-specific ones are in the dialects).</summary>
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

    public const string DeleteReceiptsBefore = "DELETE FROM inbox_messages WHERE processed_at < @cutoff";
}
