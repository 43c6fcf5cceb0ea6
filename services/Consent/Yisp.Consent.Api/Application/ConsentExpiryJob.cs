using Yisp.Messaging.Transactions;
using Dapper;
using Microsoft.Extensions.Options;
using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Contracts.Consent;
using Yisp.Data;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults;

namespace Yisp.Consent.Application;

/// <summary>
/// Raises expiries and reminders. Each is claimed with a conditional update inside the transaction
/// that publishes it, so with any number of replicas each fires exactly once.
/// </summary>
public sealed class ConsentExpiryJob(
    Database database, UnitOfWorkFactory unitsOfWork, ConsentLedger ledger, IOptionsMonitor<ConsentOptions> options,
    TimeProvider time, ILogger<ConsentExpiryJob> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.ExpiryScanInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var raised = 0;
        foreach (var due in await DueAsync(ConsentSql.DueExpiries, new { yes = true, no = false, now }, cancellationToken))
        {
            raised += await ClaimAsync(ConsentSql.ClaimExpiry, due, cancellationToken, async (unitOfWork, request, _) =>
                await ledger.RefreshAsync(unitOfWork, request, Change.Expiry, cancellationToken));
        }
        var remindFrom = now + options.CurrentValue.ReminderBefore;
        foreach (var due in await DueAsync(ConsentSql.DueReminders, new { yes = true, no = false, now, remindFrom }, cancellationToken))
        {
            raised += await ClaimAsync(ConsentSql.ClaimReminder, due, cancellationToken, (unitOfWork, _, decision) =>
            {
                unitOfWork.Publish(new ConsentExpiring(decision.CaseId, decision.Purpose,
                    decision.Agency.Length == 0 ? null : decision.Agency, decision.ExpiresAt!.Value));
                return Task.CompletedTask;
            });
        }
        return raised;
    }

    private async Task<IReadOnlyList<DueRow>> DueAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DueRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Claims one due row; only the replica whose update changed it acts, and only while the grant is still the party's latest word.</summary>
    private async Task<int> ClaimAsync(string claimSql, DueRow due, CancellationToken cancellationToken,
        Func<UnitOfWork, ConsentRequestRow, DecisionRow, Task> act)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        if (await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(claimSql, new { yes = true, no = false, id = due.Id }, cancellationToken)) != 1)
        {
            return 0;
        }
        var request = await ConsentLedger.LockRequestAsync(unitOfWork, due.CaseId, cancellationToken);
        var decisions = await ConsentLedger.DecisionsAsync(unitOfWork, due.CaseId, cancellationToken);
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
