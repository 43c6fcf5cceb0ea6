namespace Yisp.ServiceDefaults.Idempotency;

/// <summary>An Idempotency-Key in use: the client, the hashed key, the hashed request it was first used with, and when.</summary>
public sealed record IdempotencyClaim(string ClientId, string KeyHash, string RequestHash, DateTimeOffset Now);

/// <summary>What a key holds: its request's hash and, once the first request finished, that request's answer.</summary>
public sealed class IdempotencyRecord
{
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? Location { get; set; }
    public string? Etag { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Where <see cref="IdempotentCreate"/> keeps keys: the service's own database (Yisp.Data's IdempotencyStore). A key is
/// first written by the transaction of the create's effect (<see cref="IdempotentRequest"/>), then given its answer.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyRecord?> FindAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>Keeps the answer; writes the whole record when the create committed no transaction of its own.</summary>
    Task CompleteAsync(IdempotencyClaim claim, int statusCode, string? location, string? etag, string body);

    /// <summary>Frees a key whose request answered with a failure, so the same key may try again.</summary>
    Task ReleaseAsync(IdempotencyClaim claim);
}
