using System.Data.Common;
using Dapper;
using Yisp.ServiceDefaults.Idempotency;

namespace Yisp.Data.Idempotency;

/// <summary>Idempotency-Key records in the service's own database.</summary>
public sealed class IdempotencyStore(Database database) : IIdempotencyStore
{
    public async Task<bool> TryClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(IdempotencySql.Claim,
                new { claim.ClientId, claim.KeyHash, claim.RequestHash, claim.Now, claim.Token, committed = false }, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public async Task<IdempotencyRecord?> FindAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(IdempotencySql.Find, claim, cancellationToken: cancellationToken));
    }

    public async Task<bool> TryTakeOverAsync(IdempotencyClaim claim, Guid abandonedToken, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(IdempotencySql.TakeOver,
            new { claim.ClientId, claim.KeyHash, claim.Token, claim.Now, abandonedToken, committed = false }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task CompleteAsync(IdempotencyClaim claim, int statusCode, string? location, string? etag, string body)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(IdempotencySql.Complete, new { claim.ClientId, claim.KeyHash, claim.Token, statusCode, location, etag, body });
    }

    public async Task ReleaseAsync(IdempotencyClaim claim)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(IdempotencySql.Release, new { claim.ClientId, claim.KeyHash, claim.Token });
    }

    /// <summary>Forgets keys older than <paramref name="cutoff"/>.</summary>
    public async Task DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(IdempotencySql.DeleteBefore, new { cutoff }, cancellationToken: cancellationToken));
    }
}
