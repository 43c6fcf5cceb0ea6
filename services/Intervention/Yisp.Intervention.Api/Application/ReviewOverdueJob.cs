using Microsoft.Extensions.Options;
using Yisp.Contracts.Interventions;
using Yisp.Data;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults;

namespace Yisp.Intervention.Application;

/// <summary>
/// Finds support plans whose review is overdue and announces each once per due date: the claim is a
/// conditional update in the transaction that publishes, so with several replicas only one raises it.
/// </summary>
public sealed class ReviewOverdueJob(
    InterventionStore store, UnitOfWorkFactory unitsOfWork, CaseTimeline timeline, IOptionsMonitor<InterventionOptions> options, TimeProvider time,
    ILogger<ReviewOverdueJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.OverdueScanInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var due = await store.DueOverdueReviewsAsync(now, cancellationToken);
        var raised = 0;
        foreach (var caseId in due)
        {
            await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
            if (!await store.ClaimOverdueReviewAsync(unitOfWork, caseId, now, cancellationToken))
            {
                continue;
            }
            var dueAt = await store.ReviewDueAsync(unitOfWork, caseId, cancellationToken);
            await timeline.PublishAsync(unitOfWork, caseId, new ReviewOverdue(caseId, dueAt), cancellationToken);
            await unitOfWork.CommitAsync(cancellationToken);
            raised++;
        }
        return raised;
    }
}
