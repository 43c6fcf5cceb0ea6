using System.Data.Common;
using Microsoft.Extensions.Options;
using Yisp.Data.Dialects;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Data;
using Yisp.Referral.Domain.Privacy;
using Yisp.ServiceDefaults;

namespace Yisp.Referral.Application;

public sealed record ResealReport(int KeysResealed, int IdentitiesMoved, long KeysUnderOtherKeys, long IdentitiesWaiting);

/// <summary>
/// Moves every referral onto the active service key: data keys sealed under another configured key are
/// re-sealed, and identities of the first format (sealed straight under a service key) get a data key of
/// their own. Each row changes with a conditional update, so any number of replicas can run it at once.
/// When the report shows nothing left under a key, that key can be removed from configuration.
/// </summary>
public sealed partial class KeyResealing(
    KeyStore keys, UnitOfWorkFactory unitsOfWork, IdentityProtector protector, ISqlDialect dialect, IOptionsMonitor<PrivacyOptions> options,
    TimeProvider time, ILogger<KeyResealing> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.ResealInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<ResealReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var batch = options.CurrentValue.ResealBatchSize;
        var resealed = 0;
        var moved = 0;
        foreach (var keyId in protector.KeyIds)
        {
            if (keyId != protector.ActiveKeyId)
            {
                resealed += await ResealUnderAsync(keyId, batch, cancellationToken);
            }
            moved += await MoveLegacyUnderAsync(keyId, batch, cancellationToken);
        }
        var (byKey, legacy) = await keys.CensusAsync(cancellationToken);
        var others = byKey.Where(k => k.KeyId != protector.ActiveKeyId).Sum(k => k.Count);
        if (resealed + moved > 0 || others + legacy > 0)
        {
            LogProgress(resealed, moved, others, legacy);
        }
        return new ResealReport(resealed, moved, others, legacy);
    }

    private async Task<int> ResealUnderAsync(string keyId, int batch, CancellationToken cancellationToken)
    {
        var done = 0;
        IReadOnlyList<SealedRow> rows;
        do
        {
            rows = await keys.KeysUnderAsync(keyId, batch, cancellationToken);
            foreach (var row in rows)
            {
                var resealedKey = protector.SealDataKey(protector.OpenDataKey(row.Sealed, row.Id), row.Id);
                if (await keys.ResealAsync(row.Id, row.Sealed, resealedKey, protector.ActiveKeyId, cancellationToken))
                {
                    done++;
                }
            }
        }
        while (rows.Count == batch);
        return done;
    }

    private async Task<int> MoveLegacyUnderAsync(string keyId, int batch, CancellationToken cancellationToken)
    {
        var done = 0;
        IReadOnlyList<SealedRow> rows;
        do
        {
            rows = await keys.LegacyIdentitiesAsync(keyId, batch, cancellationToken);
            foreach (var row in rows)
            {
                if (await MoveLegacyAsync(row, cancellationToken))
                {
                    done++;
                }
            }
        }
        while (rows.Count == batch);
        return done;
    }

    private async Task<bool> MoveLegacyAsync(SealedRow row, CancellationToken cancellationToken)
    {
        var dataKey = DataKey.New();
        var identity = dataKey.Seal(protector.UnprotectLegacy(row.Sealed), row.Id);
        try
        {
            await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
            await keys.InsertAsync(unitOfWork, row.Id, protector.SealDataKey(dataKey, row.Id), protector.ActiveKeyId, Time.GetUtcNow(), cancellationToken);
            if (!await keys.ReplaceIdentityAsync(unitOfWork, row.Id, row.Sealed, identity, cancellationToken))
            {
                return false;
            }
            await unitOfWork.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException ex) when (dialect.IsUniqueViolation(ex))
        {
            return false; // another replica gave it a data key first
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Re-sealing: {Resealed} data keys re-sealed, {Moved} identities given data keys; {Others} data keys under other service keys, {Legacy} identities still to move")]
    private partial void LogProgress(int resealed, int moved, long others, long legacy);
}
