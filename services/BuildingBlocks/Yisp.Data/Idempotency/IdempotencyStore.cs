using System.Data.Common;
using Dapper;
using Yisp.ServiceDefaults.Idempotency;

namespace Yisp.Data.Idempotency;

/// <summary>Idempotency-Key records in the service's own database.</summary>
public sealed class IdempotencyStore(Database database) : IIdempotencyStore
{
    public async Task<IdempotencyRecord?> FindAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(IdempotencySql.Find, claim, cancellationToken: cancellationToken));
    }

    public async Task CompleteAsync(IdempotencyClaim claim, IdempotencyAnswer answer)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var record = new { claim.ClientId, claim.KeyHash, claim.RequestHash, claim.Now, answer.StatusCode, answer.Location, answer.Etag, answer.Body };
        if (await connection.ExecuteAsync(IdempotencySql.Complete, record) == 1)
        {
            return;
        }
        try
        {
            await connection.ExecuteAsync(IdempotencySql.Record, record);
        }
        catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
        {
            // Another request with the key answered first: its answer stands.
        }
    }

    public async Task ReleaseAsync(IdempotencyClaim claim)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(IdempotencySql.Release, new { claim.ClientId, claim.KeyHash });
    }

    /// <summary>Forgets keys older than <paramref name="cutoff"/>.</summary>
    public async Task DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(IdempotencySql.DeleteBefore, new { cutoff }, cancellationToken: cancellationToken));
    }
}
