using Yisp.Messaging.Transactions;
using Dapper;
using Microsoft.Extensions.Options;
using Yisp.Contracts.Interventions;
using Yisp.Data;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults;

namespace Yisp.Intervention.Application;

/// <summary>
/// Finds support plans whose review is overdue and announces each once per due date: the claim is a
/// conditional update in the transaction that publishes, so with several replicas only one raises it.
/// </summary>
public sealed class ReviewOverdueJob(
    Database database, UnitOfWorkFactory unitsOfWork, CaseTimeline timeline, IOptionsMonitor<InterventionOptions> options, TimeProvider time,
    ILogger<ReviewOverdueJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.OverdueScanInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        IReadOnlyList<Guid> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<Guid>(new CommandDefinition(InterventionSql.DueOverdueReviews, new { now },
                cancellationToken: cancellationToken))).AsList();
        }
        var raised = 0;
        foreach (var caseId in due)
        {
            await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
            if (await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.ClaimOverdueReview, new { caseId, now }, cancellationToken)) != 1)
            {
                continue;
            }
            var dueAt = await unitOfWork.Connection.ExecuteScalarAsync<DateTimeOffset>(
                unitOfWork.Command(InterventionSql.FindDueDate, new { caseId }, cancellationToken));
            await timeline.PublishAsync(unitOfWork, caseId, new ReviewOverdue(caseId, dueAt), cancellationToken);
            await unitOfWork.CommitAsync(cancellationToken);
            raised++;
        }
        return raised;
    }
}
