using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Referral.Data;

public sealed record SealedRow(Guid Id, string Sealed);

public sealed record KeyCount(string KeyId, long Count);

/// <summary>The referrals' data keys: written with each referral, re-sealed when the service key rotates, deleted to erase.</summary>
public sealed class KeyStore(Database database)
{
    public Task InsertAsync(UnitOfWork unitOfWork, Guid referralId, string sealedKey, string serviceKeyId, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.InsertKey,
            new { referralId, serviceKeyId, sealedKey, createdAt }, cancellationToken));

    public async Task<IReadOnlyList<SealedRow>> LegacyIdentitiesAsync(string serviceKeyId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SealedRow>(new CommandDefinition(PrivacySql.LegacyIdentities,
            new { prefix = $"v1:{serviceKeyId}:%", limit }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Replaces the referral's sealed identity if it is still the one read; false when another writer replaced it first.</summary>
    public async Task<bool> ReplaceIdentityAsync(UnitOfWork unitOfWork, Guid id, string previous, string sealedIdentity, CancellationToken cancellationToken) =>
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PrivacySql.ReplaceSealedIdentity, new { id, previous, sealedIdentity }, cancellationToken)) == 1;

    public async Task<IReadOnlyList<SealedRow>> KeysUnderAsync(string keyId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SealedRow>(new CommandDefinition(PrivacySql.KeysUnder, new { keyId, limit }, cancellationToken: cancellationToken)))
            .AsList();
    }

    public async Task<bool> ResealAsync(Guid referralId, string previous, string sealedKey, string serviceKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(PrivacySql.ResealKey,
            new { referralId, previous, sealedKey, serviceKeyId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>How many data keys each service key seals, and how many identities still wait to be moved to data keys.</summary>
    public async Task<(IReadOnlyList<KeyCount> ByServiceKey, long Legacy)> CensusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync<KeyCount>(new CommandDefinition(PrivacySql.KeysByServiceKey, cancellationToken: cancellationToken))).AsList();
        return (counts, await connection.ExecuteScalarAsync<long>(new CommandDefinition(PrivacySql.LegacyCount, cancellationToken: cancellationToken)));
    }
}
