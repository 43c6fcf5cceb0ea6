namespace Yisp.Data.Idempotency;

/// <summary>
/// Portable statements for Idempotency-Key records. The key hash is a fixed-length column: a parameter is cast to it,
/// since comparing it with a text parameter casts the column instead, and the primary key is then no use (a scan of
/// every key kept).
/// </summary>
public static class IdempotencySql
{
    private const string ThisKey = "client_id = @clientId AND key_hash = CAST(@keyHash AS CHAR(64))";

    /// <summary>In the transaction of the create's effect, committed before the create had its answer (it went on to use the
    /// database again): a unique violation means another request took the key first.</summary>
    public const string Claim = """
        INSERT INTO idempotency_records (client_id, key_hash, request_hash, created_at)
        VALUES (@clientId, @keyHash, @requestHash, @now)
        """;

    /// <summary>The whole record at once: in the transaction of the create's effect (Yisp.Messaging's UnitOfWork), or for a
    /// create that committed no transaction of its own. In a transaction, a unique violation means another request took the key first.</summary>
    public const string Record = """
        INSERT INTO idempotency_records (client_id, key_hash, request_hash, created_at, status_code, location, etag, body)
        VALUES (@clientId, @keyHash, @requestHash, @now, @statusCode, @location, @etag, @body)
        """;

    public const string Find = $"""
        SELECT request_hash, status_code, location, etag, body, created_at FROM idempotency_records
        WHERE {ThisKey}
        """;

    public const string Complete = $"""
        UPDATE idempotency_records SET status_code = @statusCode, location = @location, etag = @etag, body = @body
        WHERE {ThisKey} AND status_code IS NULL
        """;

    public const string Release = $"DELETE FROM idempotency_records WHERE {ThisKey} AND status_code IS NULL";

    public const string DeleteBefore = "DELETE FROM idempotency_records WHERE created_at < @cutoff";
}
