using System.Text.Json;
using Microsoft.Extensions.Options;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Intervention.Application;

public sealed record NewAssessment(string Assessor, DateOnly AssessedOn, IReadOnlyDictionary<string, int> Ratings,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ProtectiveFactors, string? ChildView, string? ParentView);

public sealed record ProgressNote(Guid InterventionId, string Note);

public sealed record NewReview(string Reviewer, DateOnly ReviewedOn, IReadOnlyList<ProgressNote> Progress, string? PlanChanges);

public sealed record NewIntervention(string Type, string LeadAgency, IReadOnlyList<string> Goals, DateOnly PlannedStart, DateOnly PlannedEnd);

/// <summary>Assessment, the support plan's interventions and closure. A closed case is read-only; a suspended one takes no new work.</summary>
/// <remarks>A command's outcome carries the id of what it created, or the case's id.</remarks>
public sealed class CaseCommands(UnitOfWorkFactory unitsOfWork, InterventionStore store, IIdGenerator ids, TimeProvider time, IOptionsMonitor<InterventionOptions> options,
    CaseTimeline timeline)
{
    /// <summary>A review records progress against the plan's goals and sets when the next one is due.</summary>
    public Task<CommandOutcome<Guid>> RecordReviewAsync(Guid caseId, int expectedVersion, NewReview review, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            var interventions = await store.InterventionsAsync(unitOfWork, caseId, cancellationToken);
            if (review.Progress.FirstOrDefault(p => interventions.All(i => i.Id != p.InterventionId)) is { } unknown)
            {
                return CommandOutcome<Guid>.NotAllowed($"Intervention {unknown.InterventionId} is not part of this case's plan.");
            }
            var now = time.GetUtcNow();
            var id = ids.NewId();
            await store.InsertReviewAsync(unitOfWork, new ReviewRow
            {
                Id = id,
                CaseId = caseId,
                Reviewer = review.Reviewer,
                ReviewedOn = review.ReviewedOn,
                Details = JsonSerializer.Serialize(review, JsonSerializerOptions.Web),
                RecordedAt = now,
            }, cancellationToken);
            row.NextReviewDue = NextReviewFrom(now);
            await timeline.PublishAsync(unitOfWork, caseId, new ReviewRecorded(caseId, id, review.ReviewedOn, row.NextReviewDue.Value, now), cancellationToken);
            return CommandOutcome<Guid>.Done(id);
        });

    /// <summary>Assessments are versions: a later one never overwrites, so no If-Match is needed.</summary>
    public Task<CommandOutcome<Guid>> RecordAssessmentAsync(Guid caseId, NewAssessment assessment, CancellationToken cancellationToken) =>
        RunAsync(caseId, null, cancellationToken, async (unitOfWork, row) =>
        {
            if (row.Suspended)
            {
                return CommandOutcome<Guid>.NotAllowed("Consent to assessment has been withdrawn: nothing more can be recorded.");
            }
            var version = await store.NextAssessmentVersionAsync(unitOfWork, caseId, cancellationToken);
            var score = AssessmentRules.Score(assessment.Ratings);
            var id = ids.NewId();
            var now = time.GetUtcNow();
            await store.InsertAssessmentAsync(unitOfWork, new AssessmentRow
            {
                Id = id,
                CaseId = caseId,
                AssessmentVersion = version,
                Assessor = assessment.Assessor,
                AssessedOn = assessment.AssessedOn,
                Details = JsonSerializer.Serialize(assessment, JsonSerializerOptions.Web),
                Total = score.Total,
                HighestNeed = string.Join(',', score.HighestNeedDomains),
                RecordedAt = now,
            }, cancellationToken);
            await timeline.PublishAsync(unitOfWork, caseId, new AssessmentRecorded(caseId, id, version, score.Total, score.HighestNeedDomains, now,
                assessment.Ratings), cancellationToken);
            return CommandOutcome<Guid>.Done(id);
        });

    public Task<CommandOutcome<Guid>> AddInterventionAsync(Guid caseId, int expectedVersion, NewIntervention intervention, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            if (row.Suspended)
            {
                return CommandOutcome<Guid>.NotAllowed("The case is suspended: consent has been withdrawn.");
            }
            if (row.Status != CaseStatus.Support)
            {
                return CommandOutcome<Guid>.NotAllowed("The panel has not yet decided to support this case with a plan.");
            }
            if (!row.Purposes.Contains(ConsentPurpose.Intervention))
            {
                return CommandOutcome<Guid>.NotAllowed("The family has not consented to intervention.");
            }
            if (!row.Agencies.Contains(intervention.LeadAgency))
            {
                return CommandOutcome<Guid>.NotAllowed($"Consent to sharing does not cover {intervention.LeadAgency}, so it cannot lead an intervention.");
            }
            var now = time.GetUtcNow();
            var id = ids.NewId();
            await store.InsertInterventionAsync(unitOfWork, new InterventionRow
            {
                Id = id,
                CaseId = caseId,
                InterventionType = intervention.Type,
                LeadAgency = intervention.LeadAgency,
                Goals = string.Join('\n', intervention.Goals),
                PlannedStart = intervention.PlannedStart,
                PlannedEnd = intervention.PlannedEnd,
                Status = InterventionStatus.Planned,
                CreatedAt = now,
                UpdatedAt = now,
            }, cancellationToken);
            row.Status = CaseStatus.Support;
            row.NextReviewDue ??= NextReviewFrom(now);
            await timeline.PublishAsync(unitOfWork, caseId, new InterventionAssigned(caseId, id, intervention.Type, intervention.LeadAgency,
                intervention.PlannedStart, intervention.PlannedEnd, now), cancellationToken);
            return CommandOutcome<Guid>.Done(id);
        });

    /// <summary>An agency that consent covers records progress on an intervention; notes are appended, never edited.</summary>
    public Task<CommandOutcome<Guid>> RecordProgressAsync(Guid caseId, Guid interventionId, string agency, string recordedBy, string note,
        CancellationToken cancellationToken) =>
        RunAsync(caseId, null, cancellationToken, async (unitOfWork, row) =>
        {
            var intervention = (await store.InterventionsAsync(unitOfWork, caseId, cancellationToken)).FirstOrDefault(i => i.Id == interventionId);
            if (intervention is null)
            {
                return CommandOutcome<Guid>.NotFound();
            }
            if (intervention.LeadAgency != agency)
            {
                return CommandOutcome<Guid>.NotAllowed($"Only the lead agency ({intervention.LeadAgency}) records progress on this intervention.");
            }
            if (intervention.Suspended || !row.Agencies.Contains(agency))
            {
                return CommandOutcome<Guid>.NotAllowed($"Consent does not cover {agency} on this intervention now.");
            }
            var now = time.GetUtcNow();
            var id = ids.NewId();
            await store.InsertProgressNoteAsync(unitOfWork, new NewProgressNoteRow
            {
                Id = id,
                InterventionId = interventionId,
                CaseId = caseId,
                Agency = agency,
                RecordedBy = recordedBy,
                Note = note,
                RecordedAt = now,
            }, cancellationToken);
            await timeline.PublishAsync(unitOfWork, caseId, new InterventionProgressRecorded(caseId, interventionId, agency, now), cancellationToken);
            return CommandOutcome<Guid>.Done(id);
        });

    public Task<CommandOutcome<Guid>> MoveInterventionAsync(Guid caseId, Guid interventionId, int expectedVersion, string to, string? reason,
        string? reasonCode, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            var intervention = (await store.InterventionsAsync(unitOfWork, caseId, cancellationToken)).FirstOrDefault(i => i.Id == interventionId);
            if (intervention is null)
            {
                return CommandOutcome<Guid>.NotFound();
            }
            if (!InterventionStatus.CanMove(intervention.Status, to))
            {
                return CommandOutcome<Guid>.NotAllowed($"An intervention that is {intervention.Status} cannot become {to}.");
            }
            if (intervention.Suspended && to != InterventionStatus.Stopped)
            {
                return CommandOutcome<Guid>.NotAllowed("The intervention is suspended: consent no longer covers its lead agency.");
            }
            var now = time.GetUtcNow();
            intervention.Status = to;
            intervention.StopReason = reason;
            intervention.StopReasonCode = to == InterventionStatus.Stopped ? reasonCode ?? StopReason.Other : null;
            intervention.UpdatedAt = now;
            await store.UpdateInterventionAsync(unitOfWork, intervention, cancellationToken);
            await timeline.PublishAsync<object>(unitOfWork, caseId, to switch
            {
                InterventionStatus.Active => new InterventionStarted(caseId, interventionId, intervention.LeadAgency, now),
                InterventionStatus.Completed => new InterventionCompleted(caseId, interventionId, intervention.LeadAgency, now),
                _ => new InterventionStopped(caseId, interventionId, intervention.LeadAgency, reason!, now, intervention.StopReasonCode!),
            }, cancellationToken);
            return null;
        });

    public Task<CommandOutcome<Guid>> CloseAsync(Guid caseId, int expectedVersion, string outcome, string summary, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, row) =>
        {
            var now = time.GetUtcNow();
            foreach (var open in (await store.InterventionsAsync(unitOfWork, caseId, cancellationToken))
                         .Where(i => i.Status is InterventionStatus.Planned or InterventionStatus.Active))
            {
                open.Status = InterventionStatus.Stopped;
                open.StopReason = "case closed";
                open.StopReasonCode = StopReason.CaseClosed;
                open.UpdatedAt = now;
                await store.UpdateInterventionAsync(unitOfWork, open, cancellationToken);
                await timeline.PublishAsync(unitOfWork, caseId, new InterventionStopped(caseId, open.Id, open.LeadAgency, "case closed", now, StopReason.CaseClosed), cancellationToken);
            }
            row.Status = CaseStatus.Closed;
            row.Outcome = outcome;
            row.ClosureSummary = summary;
            row.ClosedAt = now;
            await timeline.PublishAsync(unitOfWork, caseId, new CaseClosed(caseId, outcome, now), cancellationToken);
            return null;
        });

    /// <summary>
    /// A statutory agency reports that the case's child is in its statutory work: a flag for the panel and a line on the case's
    /// timeline that only the panel reads. The case's version moves, so the next panel works from the flagged case.
    /// </summary>
    public Task<CommandOutcome<Guid>> FlagStatutoryAsync(Guid caseId, string agency, string code, string reference, CancellationToken cancellationToken) =>
        RunAsync(caseId, null, cancellationToken, async (unitOfWork, row) =>
        {
            var now = time.GetUtcNow();
            var id = ids.NewId();
            await store.InsertStatutoryFlagAsync(unitOfWork, new StatutoryFlagRow
            {
                Id = id,
                CaseId = caseId,
                Agency = agency,
                Code = code,
                AgencyReference = reference,
                ReportedAt = now,
            }, cancellationToken);
            await timeline.PublishAsync(unitOfWork, caseId, new StatutoryInvolvementReported(caseId, id, agency, code, now), cancellationToken);
            return CommandOutcome<Guid>.Done(id);
        });

    /// <summary>Whole microseconds, as the databases store them, so the events and the row agree exactly.</summary>
    private DateTimeOffset NextReviewFrom(DateTimeOffset now)
    {
        var due = now + options.CurrentValue.ReviewInterval;
        return due.AddTicks(-(due.Ticks % 10));
    }

    /// <param name="change">Applies the command; returns an outcome to stop with (or to report a created id), or null.</param>
    private async Task<CommandOutcome<Guid>> RunAsync(Guid caseId, int? expectedVersion, CancellationToken cancellationToken,
        Func<UnitOfWork, CaseRow, Task<CommandOutcome<Guid>?>> change)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var row = await store.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null)
        {
            return CommandOutcome<Guid>.NotFound();
        }
        if (row.Status == CaseStatus.Closed)
        {
            return CommandOutcome<Guid>.NotAllowed("The case is closed and can no longer change.");
        }
        if (expectedVersion is { } expected && expected != row.Version)
        {
            return CommandOutcome<Guid>.Stale();
        }
        var outcome = await change(unitOfWork, row);
        if (outcome is { Status: not CommandStatus.Done })
        {
            return outcome;
        }
        if (!await store.UpdateCaseAsync(unitOfWork, row, cancellationToken))
        {
            // Without If-Match the caller saw no version to be stale against: somebody else changed the case at this instant.
            return expectedVersion is null ? CommandOutcome<Guid>.NotAllowed("The case changed meanwhile; try again.") : CommandOutcome<Guid>.Stale();
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return outcome ?? CommandOutcome<Guid>.Done(caseId);
    }
}
