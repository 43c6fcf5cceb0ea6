namespace Yisp.Data.Idempotency;

/// <summary>Portable statements for Idempotency-Key records.</summary>
public static class IdempotencySql
{
    public const string Claim = """
        INSERT INTO idempotency_records (client_id, key_hash, request_hash, created_at)
        VALUES (@clientId, @keyHash, @requestHash, @now)
        """;

    public const string Find = """
        SELECT request_hash, status_code, location, etag, body, created_at FROM idempotency_records
        WHERE client_id = @clientId AND key_hash = @keyHash
        """;

    public const string Complete = """
        UPDATE idempotency_records SET status_code = @statusCode, location = @location, etag = @etag, body = @body
        WHERE client_id = @clientId AND key_hash = @keyHash
        """;

    public const string Release = "DELETE FROM idempotency_records WHERE client_id = @clientId AND key_hash = @keyHash AND status_code IS NULL";

    public const string DeleteBefore = "DELETE FROM idempotency_records WHERE created_at < @cutoff";
}
