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
/// written with its answer by the transaction of the create's effect (<see cref="PendingKey"/>); the store keeps the
/// answers of creates that committed before they had one.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyRecord?> FindAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>Keeps the answer of a create whose key was written earlier, or the whole record when it committed no transaction of its own.</summary>
    Task CompleteAsync(IdempotencyClaim claim, IdempotencyAnswer answer);

    /// <summary>Frees a key whose request answered with a failure, so the same key may try again.</summary>
    Task ReleaseAsync(IdempotencyClaim claim);
}
