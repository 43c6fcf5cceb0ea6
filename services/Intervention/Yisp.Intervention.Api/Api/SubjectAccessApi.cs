using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Intervention.Data;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

/// <summary>Everything the intervention service holds about one case's child, for a subject access request.</summary>
/// <param name="ForReview">What the data protection officer reviews before release: third parties' data the answer still holds.</param>
public sealed record InterventionSubjectAccess(Guid CaseId, CaseView Case, IReadOnlyList<InterventionProgress> ProgressNotes,
    IReadOnlyList<HandoverPanelDecision> PanelDecisions, IReadOnlyList<TimelineEntryView> Timeline, IReadOnlyList<RecordAccess> Accesses,
    IReadOnlyList<string> ForReview);

public sealed record InterventionProgress(Guid InterventionId, string Type, IReadOnlyList<ProgressNoteView> Notes);

/// <summary>The intervention service's answer to a subject access request, case by case (the gateway gathers the services' answers).</summary>
public static class SubjectAccessApi
{
    private const int MaxTimeline = 10_000;

    private static readonly string[] ForReview =
    [
        "Practitioners' names (assessor, recordedBy) and panel reasons may name other people: review before release.",
    ];

    public static RouteHandlerBuilder MapSubjectAccess(this RouteGroupBuilder cases) =>
        cases.MapGet("/subject-access/cases/{caseId:guid}", AnswerAsync).RequireRole(PlatformRoles.DataProtectionOfficer)
            .Audited(InterventionApi.Resource, "subject-access", "caseId")
            .Produces<InterventionSubjectAccess>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Everything held about a case's child (data protection officer)")
            .WithDescription("For a subject access request: the case, assessments, support plan and interventions with their progress notes, " +
                "panel decisions, statutory flags, closure, the timeline, and every recorded access to the case. Data protection officers only " +
                "(403 otherwise); the call is audited. Third parties' data still present is listed in `forReview`.");

    private static async Task<Results<Ok<InterventionSubjectAccess>, ProblemHttpResult>> AnswerAsync(Guid caseId, InterventionStore store,
        PanelStore panels, AuditTrail audit, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        CaseView view;
        IReadOnlyList<InterventionRow> interventions;
        IReadOnlyList<PanelCaseRow> decisions;
        await using (var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken))
        {
            var row = await store.FindCaseAsync(unitOfWork, caseId, cancellationToken);
            if (row is null)
            {
                return CommandAnswers.NotFound(InterventionApi.Resource);
            }
            interventions = await store.InterventionsAsync(unitOfWork, caseId, cancellationToken);
            view = InterventionApi.View(row, interventions, await store.AssessmentsAsync(unitOfWork, caseId, cancellationToken),
                await store.StatutoryFlagsAsync(unitOfWork, caseId, cancellationToken));
            decisions = await panels.DecisionsOfCaseAsync(unitOfWork, caseId, cancellationToken);
        }
        var progress = new List<InterventionProgress>();
        foreach (var intervention in interventions)
        {
            progress.Add(new InterventionProgress(intervention.Id, intervention.InterventionType,
                await InterventionApi.NotesAsync(store, caseId, intervention.Id, cancellationToken)));
        }
        var timeline = await store.TimelineAsync(caseId, CaseAccess.AllPurposes, 0, MaxTimeline, cancellationToken);
        return TypedResults.Ok(new InterventionSubjectAccess(caseId, view, progress,
            [.. decisions.Select(d => new HandoverPanelDecision(d.Decision!, d.Reasons, d.DecidedAt))],
            [.. timeline.Select(r => new TimelineEntryView(r.Id, r.OccurredAt, r.Kind, r.Purpose, r.Agency, r.InterventionId,
                JsonDocument.Parse(r.Detail).RootElement.Clone()))],
            await audit.AccessesAsync([caseId.ToString()], cancellationToken), ForReview));
    }
}
