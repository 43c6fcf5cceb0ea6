using Yisp.Messaging.Transactions;
using System.Text.Json;
using Dapper;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Microsoft.Extensions.Options;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Intervention.Application;

public enum CaseCommandStatus
{
    Done,
    NotFound,
    StaleVersion,
    NotAllowed,
}

public sealed record CaseCommandOutcome(CaseCommandStatus Status, string? Problem = null, Guid? CreatedId = null)
{
    public static CaseCommandOutcome NotAllowed(string problem) => new(CaseCommandStatus.NotAllowed, problem);
}

public sealed record NewAssessment(string Assessor, DateOnly AssessedOn, IReadOnlyDictionary<string, int> Ratings,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ProtectiveFactors, string? ChildView, string? ParentView);

public sealed record ProgressNote(Guid InterventionId, string Note);

public sealed record NewReview(string Reviewer, DateOnly ReviewedOn, IReadOnlyList<ProgressNote> Progress, string? PlanChanges);

public sealed record NewIntervention(string Type, string LeadAgency, IReadOnlyList<string> Goals, DateOnly PlannedStart, DateOnly PlannedEnd);

/// <summary>Assessment, the support plan's interventions and closure. A closed case is read-only; a suspended one takes no new work.</summary>
public sealed class CaseCommands(UnitOfWorkFactory unitsOfWork, IIdGenerator ids, TimeProvider time, IOptionsMonitor<InterventionOptions> options,
    CaseTimeline timeline)
{
    /// <summary>A review records progress against the plan's goals and sets when the next one is due.</summary>
    public Task<CaseCommandOutcome> RecordReviewAsync(Guid caseId, int expectedVersion, NewReview review, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            var interventions = await InterventionStore.InterventionsAsync(unitOfWork, caseId, cancellationToken);
            if (review.Progress.FirstOrDefault(p => interventions.All(i => i.Id != p.InterventionId)) is { } unknown)
            {
                return CaseCommandOutcome.NotAllowed($"Intervention {unknown.InterventionId} is not part of this case's plan.");
            }
            var now = time.GetUtcNow();
            var id = ids.NewId();
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertReview, new
            {
                Id = id, CaseId = caseId, review.Reviewer, review.ReviewedOn,
                Details = JsonSerializer.Serialize(review, JsonSerializerOptions.Web), RecordedAt = now,
            }, cancellationToken));
            row.NextReviewDue = NextReviewFrom(now);
            await timeline.PublishAsync(unitOfWork, caseId, new ReviewRecorded(caseId, id, review.ReviewedOn, row.NextReviewDue.Value, now), cancellationToken);
            return new CaseCommandOutcome(CaseCommandStatus.Done, CreatedId: id);
        });

    /// <summary>Assessments are versions: a later one never overwrites, so no If-Match is needed.</summary>
    public Task<CaseCommandOutcome> RecordAssessmentAsync(Guid caseId, NewAssessment assessment, CancellationToken cancellationToken) =>
        RunAsync(caseId, null, cancellationToken, async (unitOfWork, row) =>
        {
            if (row.Suspended)
            {
                return CaseCommandOutcome.NotAllowed("Consent to assessment has been withdrawn: nothing more can be recorded.");
            }
            var version = await unitOfWork.Connection.ExecuteScalarAsync<int>(
                unitOfWork.Command(InterventionSql.NextAssessmentVersion, new { caseId }, cancellationToken));
            var score = AssessmentRules.Score(assessment.Ratings);
            var id = ids.NewId();
            var now = time.GetUtcNow();
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertAssessment, new
            {
                Id = id, CaseId = caseId, AssessmentVersion = version, assessment.Assessor, assessment.AssessedOn,
                Details = JsonSerializer.Serialize(assessment, JsonSerializerOptions.Web), score.Total,
                HighestNeed = string.Join(',', score.HighestNeedDomains), RecordedAt = now,
            }, cancellationToken));
            await timeline.PublishAsync(unitOfWork, caseId, new AssessmentRecorded(caseId, id, version, score.Total, score.HighestNeedDomains, now), cancellationToken);
            return new CaseCommandOutcome(CaseCommandStatus.Done, CreatedId: id);
        });

    public Task<CaseCommandOutcome> AddInterventionAsync(Guid caseId, int expectedVersion, NewIntervention intervention, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            if (row.Suspended)
            {
                return CaseCommandOutcome.NotAllowed("The case is suspended: consent has been withdrawn.");
            }
            if (row.Status != CaseStatus.Support)
            {
                return CaseCommandOutcome.NotAllowed("The panel has not yet decided to support this case with a plan.");
            }
            if (!row.Purposes.Contains(ConsentPurpose.Intervention))
            {
                return CaseCommandOutcome.NotAllowed("The family has not consented to intervention.");
            }
            if (!row.Agencies.Contains(intervention.LeadAgency))
            {
                return CaseCommandOutcome.NotAllowed($"Consent to sharing does not cover {intervention.LeadAgency}, so it cannot lead an intervention.");
            }
            var now = time.GetUtcNow();
            var id = ids.NewId();
            await InterventionStore.InsertInterventionAsync(unitOfWork, new InterventionRow
            {
                Id = id, CaseId = caseId, InterventionType = intervention.Type, LeadAgency = intervention.LeadAgency,
                Goals = string.Join('\n', intervention.Goals), PlannedStart = intervention.PlannedStart, PlannedEnd = intervention.PlannedEnd,
                Status = InterventionStatus.Planned, CreatedAt = now, UpdatedAt = now,
            }, cancellationToken);
            row.Status = CaseStatus.Support;
            row.NextReviewDue ??= NextReviewFrom(now);
            await timeline.PublishAsync(unitOfWork, caseId, new InterventionAssigned(caseId, id, intervention.Type, intervention.LeadAgency,
                intervention.PlannedStart, intervention.PlannedEnd, now), cancellationToken);
            return new CaseCommandOutcome(CaseCommandStatus.Done, CreatedId: id);
        });

    /// <summary>An agency that consent covers records progress on an intervention; notes are appended, never edited.</summary>
    public Task<CaseCommandOutcome> RecordProgressAsync(Guid caseId, Guid interventionId, string agency, string recordedBy, string note,
        CancellationToken cancellationToken) =>
        RunAsync(caseId, null, cancellationToken, async (unitOfWork, row) =>
        {
            var intervention = (await InterventionStore.InterventionsAsync(unitOfWork, caseId, cancellationToken)).FirstOrDefault(i => i.Id == interventionId);
            if (intervention is null)
            {
                return new CaseCommandOutcome(CaseCommandStatus.NotFound);
            }
            if (intervention.Suspended || !row.Agencies.Contains(agency))
            {
                return CaseCommandOutcome.NotAllowed($"Consent does not cover {agency} on this intervention now.");
            }
            var now = time.GetUtcNow();
            var id = ids.NewId();
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertProgressNote, new
            {
                Id = id, InterventionId = interventionId, CaseId = caseId, Agency = agency, RecordedBy = recordedBy, Note = note, RecordedAt = now,
            }, cancellationToken));
            await timeline.PublishAsync(unitOfWork, caseId, new InterventionProgressRecorded(caseId, interventionId, agency, now), cancellationToken);
            return new CaseCommandOutcome(CaseCommandStatus.Done, CreatedId: id);
        });

    public Task<CaseCommandOutcome> MoveInterventionAsync(Guid caseId, Guid interventionId, int expectedVersion, string to, string? reason,
        CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            var intervention = (await InterventionStore.InterventionsAsync(unitOfWork, caseId, cancellationToken)).FirstOrDefault(i => i.Id == interventionId);
            if (intervention is null)
            {
                return new CaseCommandOutcome(CaseCommandStatus.NotFound);
            }
            if (!InterventionStatus.CanMove(intervention.Status, to))
            {
                return CaseCommandOutcome.NotAllowed($"An intervention that is {intervention.Status} cannot become {to}.");
            }
            if (intervention.Suspended && to != InterventionStatus.Stopped)
            {
                return CaseCommandOutcome.NotAllowed("The intervention is suspended: consent no longer covers its lead agency.");
            }
            var now = time.GetUtcNow();
            intervention.Status = to;
            intervention.StopReason = reason;
            intervention.UpdatedAt = now;
            await InterventionStore.UpdateInterventionAsync(unitOfWork, intervention, cancellationToken);
            await timeline.PublishAsync<object>(unitOfWork, caseId, to switch
            {
                InterventionStatus.Active => new InterventionStarted(caseId, interventionId, intervention.LeadAgency, now),
                InterventionStatus.Completed => new InterventionCompleted(caseId, interventionId, intervention.LeadAgency, now),
                _ => new InterventionStopped(caseId, interventionId, intervention.LeadAgency, reason!, now),
            }, cancellationToken);
            return null;
        });

    public Task<CaseCommandOutcome> CloseAsync(Guid caseId, int expectedVersion, string outcome, string summary, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            var now = time.GetUtcNow();
            foreach (var open in (await InterventionStore.InterventionsAsync(unitOfWork, caseId, cancellationToken))
                         .Where(i => i.Status is InterventionStatus.Planned or InterventionStatus.Active))
            {
                open.Status = InterventionStatus.Stopped;
                open.StopReason = "case closed";
                open.UpdatedAt = now;
                await InterventionStore.UpdateInterventionAsync(unitOfWork, open, cancellationToken);
                await timeline.PublishAsync(unitOfWork, caseId, new InterventionStopped(caseId, open.Id, open.LeadAgency, "case closed", now), cancellationToken);
            }
            row.Status = CaseStatus.Closed;
            row.Outcome = outcome;
            row.ClosureSummary = summary;
            row.ClosedAt = now;
            await timeline.PublishAsync(unitOfWork, caseId, new CaseClosed(caseId, outcome, now), cancellationToken);
            return null;
        });

    /// <summary>Whole microseconds, as the databases store them, so the events and the row agree exactly.</summary>
    private DateTimeOffset NextReviewFrom(DateTimeOffset now)
    {
        var due = now + options.CurrentValue.ReviewInterval;
        return due.AddTicks(-(due.Ticks % 10));
    }

    /// <param name="change">Applies the command; returns an outcome to stop with (or to report a created id), or null.</param>
    private async Task<CaseCommandOutcome> RunAsync(Guid caseId, int? expectedVersion, CancellationToken cancellationToken,
        Func<UnitOfWork, CaseRow, Task<CaseCommandOutcome?>> change)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var row = await InterventionStore.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null)
        {
            return new CaseCommandOutcome(CaseCommandStatus.NotFound);
        }
        if (row.Status == CaseStatus.Closed)
        {
            return CaseCommandOutcome.NotAllowed("The case is closed and can no longer change.");
        }
        var version = row.Version;
        if (expectedVersion is { } expected && expected != version)
        {
            return new CaseCommandOutcome(CaseCommandStatus.StaleVersion);
        }
        var outcome = await change(unitOfWork, row);
        if (outcome is { Status: not CaseCommandStatus.Done })
        {
            return outcome;
        }
        if (!await InterventionStore.UpdateCaseAsync(unitOfWork, row, version, cancellationToken))
        {
            return new CaseCommandOutcome(CaseCommandStatus.StaleVersion);
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return outcome ?? new CaseCommandOutcome(CaseCommandStatus.Done);
    }
}
