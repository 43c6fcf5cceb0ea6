using Yisp.Messaging.Transactions;
using Yisp.Reporting.Data;

namespace Yisp.Reporting.Application;

public sealed record RebuildResult(long Applied, long Skipped);

/// <summary>
/// Drops the read model and replays the event store into it, in one transaction: readers see the old figures
/// until the new ones are complete (PostgreSQL), and a failure leaves the old ones in place.
/// </summary>
public sealed class ReadModelRebuild(UnitOfWorkFactory unitsOfWork, EventStore events, ReadModelStore readModel, ReadModelProjector projector)
{
    private const int Batch = 1000;

    public async Task<RebuildResult> RebuildAsync(CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        await readModel.ClearAsync(unitOfWork, cancellationToken);
        var version = await readModel.NextVersionAsync(unitOfWork, cancellationToken);
        long after = 0, read = 0, applied = 0;
        while (await events.ReadAsync(unitOfWork, after, Batch, cancellationToken) is { Count: > 0 } batch)
        {
            var known = batch.Select(ReadModelProjector.Read).OfType<object>().ToList();
            await projector.ApplyAsync(unitOfWork, version, known, cancellationToken);
            applied += known.Count;
            read += batch.Count;
            after = batch[^1].Position;
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return new RebuildResult(applied, read - applied);
    }
}
