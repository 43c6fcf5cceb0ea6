namespace Yisp.ServiceDefaults.Idempotency;

/// <summary>
/// The Idempotency-Key of the create being handled, for the transaction that makes its effect to write (Yisp.Messaging's
/// UnitOfWork): the key is then taken exactly when the effect commits. A request that dies before committing leaves the
/// key free for a retry; of two requests racing with one key, the second to commit fails and changes nothing.
/// </summary>
public static class IdempotentRequest
{
    private static readonly AsyncLocal<PendingKey?> Key = new();

    public static PendingKey? Current
    {
        get => Key.Value;
        internal set => Key.Value = value;
    }
}

/// <summary>A key the request has yet to take; once a transaction took it, later transactions of the request leave it be.</summary>
public sealed class PendingKey(IdempotencyClaim claim)
{
    public IdempotencyClaim Claim { get; } = claim;

    public bool Taken { get; private set; }

    public void MarkTaken() => Taken = true;
}

/// <summary>Thrown by a commit whose key another request with the same key took first: the commit is rolled back.</summary>
public sealed class IdempotencyClaimLostException()
    : Exception("Another request with the same Idempotency-Key committed first; this request's transaction is rolled back.");
