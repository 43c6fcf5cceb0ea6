namespace Yisp.ServiceDefaults.Idempotency;

/// <summary>
/// A claimed Idempotency-Key: the client, the hashed key and the hashed request it was first used with, and the token
/// of the request holding the claim (a retry that takes an abandoned claim over gives it a new token).
/// </summary>
public sealed record IdempotencyClaim(string ClientId, string KeyHash, string RequestHash, DateTimeOffset Now, Guid Token);

/// <summary>What a key holds: its request's hash and, once the first request finished, that request's answer.</summary>
public sealed class IdempotencyRecord
{
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? Location { get; set; }
    public string? Etag { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The token of the request holding the claim; null on a record kept before claims had tokens.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>True once the holder's transaction committed its effect (<see cref="IdempotentRequest"/>).</summary>
    public bool Committed { get; set; }
}

/// <summary>Where <see cref="IdempotentCreate"/> keeps keys: the service's own database (Yisp.Data's IdempotencyStore).</summary>
public interface IIdempotencyStore
{
    /// <summary>False when the key is already claimed.</summary>
    Task<bool> TryClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    Task<IdempotencyRecord?> FindAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>Moves an uncommitted claim held by <paramref name="abandonedToken"/> to <paramref name="claim"/>'s token; false when it changed meanwhile.</summary>
    Task<bool> TryTakeOverAsync(IdempotencyClaim claim, Guid abandonedToken, CancellationToken cancellationToken);

    Task CompleteAsync(IdempotencyClaim claim, int statusCode, string? location, string? etag, string body);

    /// <summary>Frees a key whose request answered with a failure, so the same key may try again.</summary>
    Task ReleaseAsync(IdempotencyClaim claim);
}
