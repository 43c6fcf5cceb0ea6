namespace Yisp.ServiceDefaults.Idempotency;

/// <summary>
/// The Idempotency-Key claim of the create being handled, for the transaction that makes its effect: that transaction
/// seals the claim as it commits (Yisp.Messaging's UnitOfWork), so a retry can tell a request that died before doing
/// anything, whose claim it may take over, from one that did it.
/// </summary>
public static class IdempotentRequest
{
    private static readonly AsyncLocal<IdempotencyClaim?> Claim = new();

    public static IdempotencyClaim? Current
    {
        get => Claim.Value;
        internal set => Claim.Value = value;
    }
}

/// <summary>Thrown by a commit whose claim a retry took over (the first request ran too long): the commit is rolled back.</summary>
public sealed class IdempotencyClaimLostException()
    : Exception("A retry with the same Idempotency-Key took this request's claim over; its transaction is rolled back.");
