using Yisp.Messaging.Transactions;
using Yisp.Reporting.Data;
using Yisp.Reporting.Domain;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Reporting.Application;

/// <summary>Each command is one transaction; a change publishes its events through the unit of work's outbox.</summary>
public sealed class ItemCommands(UnitOfWorkFactory unitsOfWork, ItemStore store, IIdGenerator ids, TimeProvider time)
{
    public async Task<ItemRow> CreateAsync(Guid caseId, string title, string? notes, CancellationToken cancellationToken)
    {
        var item = new ItemRow
        {
            Id = ids.NewId(),
            CaseId = caseId,
            Title = title,
            Notes = notes,
            Status = ItemStatus.Open,
            CreatedAt = time.GetUtcNow(),
            Version = 1,
        };
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        await store.InsertAsync(unitOfWork, item, cancellationToken);
        // unitOfWork.Publish(new SomethingHappened(...)) here: a record in contracts/, ids, codes and dates only.
        await unitOfWork.CommitAsync(cancellationToken);
        return item;
    }

    /// <summary>Closes an item at the version the caller last saw (If-Match).</summary>
    public async Task<CommandOutcome<ItemRow>> CloseAsync(Guid id, int expectedVersion, string reason, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var item = await store.FindAsync(unitOfWork, id, cancellationToken);
        if (item is null)
        {
            return CommandOutcome<ItemRow>.NotFound();
        }
        if (item.Version != expectedVersion)
        {
            return CommandOutcome<ItemRow>.Stale();
        }
        if (item.Status == ItemStatus.Closed)
        {
            return CommandOutcome<ItemRow>.NotAllowed("The item is already closed.");
        }
        item.Status = ItemStatus.Closed;
        item.CloseReason = reason;
        if (!await store.UpdateAsync(unitOfWork, item, cancellationToken))
        {
            return CommandOutcome<ItemRow>.Stale();
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return CommandOutcome<ItemRow>.Done(item);
    }

    /// <summary>Closes every open item of a case, inside the caller's unit of work (a consumer's).</summary>
    public Task CloseForCaseAsync(UnitOfWork unitOfWork, Guid caseId, string reason, CancellationToken cancellationToken) =>
        store.CloseOpenForCaseAsync(unitOfWork, caseId, reason, cancellationToken);
}
