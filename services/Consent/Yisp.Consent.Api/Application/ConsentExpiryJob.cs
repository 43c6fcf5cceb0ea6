using Microsoft.Extensions.Options;
using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Contracts.Consent;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults;

namespace Yisp.Consent.Application;

/// <summary>
/// Raises expiries and reminders. Each is claimed with a conditional update inside the transaction
/// that publishes it, so with any number of replicas each fires exactly once.
/// </summary>
public sealed class ConsentExpiryJob(
    ConsentStore store, UnitOfWorkFactory unitsOfWork, ConsentLedger ledger, IOptionsMonitor<ConsentOptions> options,
    TimeProvider time, ILogger<ConsentExpiryJob> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.ExpiryScanInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var raised = 0;
        foreach (var due in await store.DueExpiriesAsync(now, cancellationToken))
        {
            raised += await ClaimAsync(store.ClaimExpiryAsync, due, cancellationToken, async (unitOfWork, request, _) =>
                await ledger.RefreshAsync(unitOfWork, request, Change.Expiry, cancellationToken));
        }
        var remindFrom = now + options.CurrentValue.ReminderBefore;
        foreach (var due in await store.DueRemindersAsync(now, remindFrom, cancellationToken))
        {
            raised += await ClaimAsync(store.ClaimReminderAsync, due, cancellationToken, (unitOfWork, _, decision) =>
            {
                unitOfWork.Publish(new ConsentExpiring(decision.CaseId, decision.Purpose,
                    decision.Agency.Length == 0 ? null : decision.Agency, decision.ExpiresAt!.Value));
                return Task.CompletedTask;
            });
        }
        return raised;
    }

    /// <summary>Claims one due row; only the replica whose update changed it acts, and only while the grant is still the party's latest word.</summary>
    private async Task<int> ClaimAsync(Func<UnitOfWork, Guid, CancellationToken, Task<bool>> claim, DueRow due, CancellationToken cancellationToken,
        Func<UnitOfWork, ConsentRequestRow, DecisionRow, Task> act)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        if (!await claim(unitOfWork, due.Id, cancellationToken))
        {
            return 0;
        }
        var request = await store.LockRequestAsync(unitOfWork, due.CaseId, cancellationToken);
        var decisions = await store.DecisionsAsync(unitOfWork, due.CaseId, cancellationToken);
        var decision = decisions.Single(d => d.Id == due.Id);
        var latest = decisions.Last(d => d.Party == decision.Party && d.Purpose == decision.Purpose && d.Agency == decision.Agency);
        if (request is { Status: RequestStatus.Open } && latest.Id == decision.Id)
        {
            await act(unitOfWork, request, decision);
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return 1;
    }
}
