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

/// <summary>
/// A key the request has yet to take. The transaction of the create's effect is held open until the request has its
/// answer (<see cref="Hold"/>): the key, its answer and the effect then commit together, in one transaction. Before the
/// request touches the database again through another connection, the held transaction commits with the key alone
/// (<see cref="CommitHeldAsync"/>), so whatever the request does next sees its effect; its answer is then kept apart.
/// </summary>
public sealed class PendingKey(IdempotencyClaim claim)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IHeldCommit? held;

    public IdempotencyClaim Claim { get; } = claim;

    public bool Taken { get; private set; }

    /// <summary>A transaction waits for the request's answer; later transactions of the request commit on their own.</summary>
    public bool Holding => Volatile.Read(ref held) is not null;

    public void MarkTaken() => Taken = true;

    public void Hold(IHeldCommit commit) => Volatile.Write(ref held, commit);

    /// <summary>Commits what is held with the key but no answer yet. Throws <see cref="IdempotencyClaimLostException"/> when another request took it.</summary>
    public Task CommitHeldAsync() => FinishAsync(commit => commit.CommitAsync(answer: null), taken: true);

    /// <summary>Commits what is held with the key and its answer; false when nothing was held (the answer is then kept on its own).</summary>
    public Task<bool> CommitHeldAsync(IdempotencyAnswer answer) => FinishAsync(commit => commit.CommitAsync(answer), taken: true);

    /// <summary>Rolls back what is held: the request failed before its answer, so nothing of it takes effect.</summary>
    public Task RollBackHeldAsync() => FinishAsync(commit => commit.RollBackAsync(), taken: false);

    private async Task<bool> FinishAsync(Func<IHeldCommit, Task> finish, bool taken)
    {
        await gate.WaitAsync();
        try
        {
            if (Interlocked.Exchange(ref held, null) is not { } commit)
            {
                return false;
            }
            await finish(commit);
            Taken |= taken;
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>A create's transaction, held open until its request has an answer (Yisp.Messaging's UnitOfWork).</summary>
public interface IHeldCommit
{
    /// <summary>Writes the key (and its answer, when given), commits, and lets the connection go; rolls back and throws
    /// <see cref="IdempotencyClaimLostException"/> when another request with the key committed first.</summary>
    Task CommitAsync(IdempotencyAnswer? answer);

    Task RollBackAsync();
}

/// <summary>What a successful create answered: kept with its key, replayed to a retry.</summary>
public sealed record IdempotencyAnswer(int StatusCode, string? Location, string? Etag, string Body);

/// <summary>Thrown by a commit whose key another request with the same key took first: the commit is rolled back.</summary>
public sealed class IdempotencyClaimLostException()
    : Exception("Another request with the same Idempotency-Key committed first; this request's transaction is rolled back.");
