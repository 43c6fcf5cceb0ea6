namespace Yisp.Data.Idempotency;

/// <summary>
/// Portable statements for Idempotency-Key records. The key hash is a fixed-length column: a parameter is cast to it,
/// since comparing it with a text parameter casts the column instead, and the primary key is then no use (a scan of
/// every key kept).
/// </summary>
public static class IdempotencySql
{
    private const string ThisKey = "client_id = @clientId AND key_hash = CAST(@keyHash AS CHAR(64))";

    private const string HeldByThisRequest = $"{ThisKey} AND claim_token = @token";

    public const string Claim = """
        INSERT INTO idempotency_records (client_id, key_hash, request_hash, created_at, claim_token, committed)
        VALUES (@clientId, @keyHash, @requestHash, @now, @token, @committed)
        """;

    public const string Find = $"""
        SELECT request_hash, status_code, location, etag, body, created_at, claim_token, committed FROM idempotency_records
        WHERE {ThisKey}
        """;

    /// <summary>In the transaction of the create's effect: one row, or the claim was taken over and that transaction must roll back.</summary>
    public const string Seal = $"UPDATE idempotency_records SET committed = @committed WHERE {HeldByThisRequest}";

    public const string TakeOver = $"""
        UPDATE idempotency_records SET claim_token = @token, created_at = @now
        WHERE {ThisKey} AND claim_token = @abandonedToken AND committed = @committed AND status_code IS NULL
        """;

    public const string Complete = $"""
        UPDATE idempotency_records SET status_code = @statusCode, location = @location, etag = @etag, body = @body
        WHERE {HeldByThisRequest}
        """;

    public const string Release = $"DELETE FROM idempotency_records WHERE {HeldByThisRequest} AND status_code IS NULL";

    public const string DeleteBefore = "DELETE FROM idempotency_records WHERE created_at < @cutoff";
}
