using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Contracts;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Idempotency;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

/// <summary>
/// Where prevention meets statutory services: children's social care takes over a case closed as escalated (the handover) and
/// reports a child now open to it; the youth offending team reports a child who entered the youth justice system and hears who
/// else works with the child. Each only on a case consent shares with the calling agency (reports checked with the consent
/// service at that moment, like every agency read; the handover under the consent in force when the case closed), each audited.
/// </summary>
public static class StatutoryApi
{
    private const long MaxBodyBytes = 4 * 1024;
    private const int MaxReference = 100;

    public static RouteGroupBuilder MapStatutoryApi(this RouteGroupBuilder cases)
    {
        cases.MapGet("/cases/{caseId:guid}/handover", HandoverAsync).Produces<HandoverSummary>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Audited(InterventionApi.Resource, "escalation-handover", "caseId")
            .WithSummary("Read the handover of a case escalated to statutory services (children's social care)")
            .WithDescription("For a case the panel closed as `escalated-to-statutory-services`: the assessments (scores and ratings), the " +
                "support plan's interventions with their outcomes, the panel's decisions and the closure. Children's social care only, and only " +
                "when consent shared the case with it (404 otherwise, like a missing case); 409 when the " +
                "case was not closed as escalated. The consent service closes a case's consent with the case, so the handover is read under the " +
                "consent in force when the case closed; assessments and interventions are left out where it did not cover them.");
        cases.MapPost("/cases/{caseId:guid}/statutory-status", SocialCareAsync).Accepts<StatutoryReportRequest>("application/json")
            .Produces<StatutoryFlagView>(StatusCodes.Status201Created).Produces<StatutoryFlagView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithinConsent().Audited(InterventionApi.Resource, "statutory-involvement", "caseId").WithIdempotencyKey()
            .WithSummary("Report that a case's child is open to statutory social care (children's social care)")
            .WithDescription("`code` is `child-in-need` or `child-protection`; `reference` is your own id for the report: sending it again " +
                "answers the first report (200) and changes nothing. The coordinators are alerted on the case (its flags and timeline, and the " +
                "next panel's agenda). Children's social care only (403 otherwise), on a case consent shares with it (404 otherwise).");
        cases.MapPost("/cases/{caseId:guid}/youth-justice", YouthJusticeAsync).Accepts<StatutoryReportRequest>("application/json")
            .Produces<YouthJusticeAnswer>(StatusCodes.Status201Created).Produces<YouthJusticeAnswer>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithinConsent().Audited(InterventionApi.Resource, "statutory-involvement", "caseId").WithIdempotencyKey()
            .WithSummary("Report that a case's child entered the youth justice system (youth offending team)")
            .WithDescription("`code` is `out-of-court-disposal`, `charged`, `court-order` or `custody`; `reference` is your own id (sent again: " +
                "200, nothing changes). The case is flagged for the panel, and the answer lists the other agencies leading interventions on the " +
                "case. Youth offending team only (403 otherwise), on a case consent shares with it (404 otherwise).");
        return cases;
    }

    public static StatutoryFlagView View(StatutoryFlagRow row) => new(row.Id, row.CaseId, row.Agency, row.Code, row.AgencyReference, row.ReportedAt);

    private static async Task<Results<Ok<HandoverSummary>, ProblemHttpResult>> HandoverAsync(Guid caseId, PanelStore panels, [AsParameters] CaseServices s)
    {
        if (OnlyFor(s.Http, Agency.ChildrensSocialCare) is { } refused)
        {
            return refused;
        }
        await using var unitOfWork = await s.UnitsOfWork.BeginAsync(s.Cancellation);
        var row = await s.Store.FindCaseAsync(unitOfWork, caseId, s.Cancellation);
        if (row is null)
        {
            return CommandAnswers.NotFound(InterventionApi.Resource);
        }
        // Closing the case closes its consent too, so the consent service is not asked again: the case's own copy of consent
        // stops changing at closure and says what the family agreed to share while the work went on.
        var caller = s.Http.Caller();
        if (!caller.SeesAllAgencies && !CaseAccess.SharedWith(row, caller.Agency))
        {
            return CaseAccess.Hidden(s.Http);
        }
        if (row.Status != CaseStatus.Closed || row.Outcome != CaseOutcome.EscalatedToStatutoryServices)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No handover.",
                detail: "The case has not been closed as escalated to statutory services.");
        }
        IReadOnlyList<string> visible = caller.SeesAllAgencies ? [ConsentPurpose.Assessment, ConsentPurpose.Intervention] : row.Purposes;
        IReadOnlyList<AssessmentRow> assessments = visible.Contains(ConsentPurpose.Assessment) ? await s.Store.AssessmentsAsync(unitOfWork, caseId, s.Cancellation) : [];
        IReadOnlyList<InterventionRow> interventions = visible.Contains(ConsentPurpose.Intervention)
            ? await s.Store.InterventionsAsync(unitOfWork, caseId, s.Cancellation) : [];
        var decisions = await panels.DecisionsOfCaseAsync(unitOfWork, caseId, s.Cancellation);
        return TypedResults.Ok(new HandoverSummary(caseId, row.Outcome, row.ClosureSummary, row.ClosedAt,
            [.. assessments.Select(a => new HandoverAssessment(a.AssessmentVersion, a.AssessedOn, a.Total,
                a.HighestNeed.Split(',', StringSplitOptions.RemoveEmptyEntries), Ratings(a.Details)))],
            [.. interventions.Select(i => new HandoverIntervention(i.Id, i.InterventionType, i.LeadAgency, i.GoalList, i.PlannedStart, i.PlannedEnd,
                i.Status, i.StopReasonCode))],
            [.. decisions.Select(d => new HandoverPanelDecision(d.Decision!, d.Reasons, d.DecidedAt))]));
    }

    private static async Task<Results<Created<StatutoryFlagView>, Ok<StatutoryFlagView>, ProblemHttpResult>> SocialCareAsync(Guid caseId,
        [AsParameters] CaseServices s)
    {
        var (flag, created, problem) = await FlagAsync(caseId, Agency.ChildrensSocialCare, StatutoryInvolvement.SocialCareCodes, s);
        if (problem is not null)
        {
            return problem;
        }
        return created ? TypedResults.Created($"/api/interventions/cases/{caseId}", flag) : TypedResults.Ok(flag!);
    }

    private static async Task<Results<Created<YouthJusticeAnswer>, Ok<YouthJusticeAnswer>, ProblemHttpResult>> YouthJusticeAsync(Guid caseId,
        [AsParameters] CaseServices s)
    {
        var (flag, created, problem) = await FlagAsync(caseId, Agency.YouthOffendingTeam, StatutoryInvolvement.YouthJusticeCodes, s);
        if (problem is not null)
        {
            return problem;
        }
        var answer = new YouthJusticeAnswer(flag!, await WorkingWithAsync(caseId, s));
        return created ? TypedResults.Created($"/api/interventions/cases/{caseId}", answer) : TypedResults.Ok(answer);
    }

    /// <summary>The other agencies leading interventions still under way, where consent covers interventions for the caller.</summary>
    private static async Task<IReadOnlyList<string>> WorkingWithAsync(Guid caseId, CaseServices s)
    {
        await using var unitOfWork = await s.UnitsOfWork.BeginAsync(s.Cancellation);
        var row = await s.Store.FindCaseAsync(unitOfWork, caseId, s.Cancellation);
        if (row is null || !CaseAccess.VisiblePurposes(s.Http, row).Contains(ConsentPurpose.Intervention))
        {
            return [];
        }
        return [.. (await s.Store.InterventionsAsync(unitOfWork, caseId, s.Cancellation))
            .Where(i => i.Status is InterventionStatus.Planned or InterventionStatus.Active && !i.Suspended && i.LeadAgency != s.Http.Caller().Agency)
            .Select(i => i.LeadAgency).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <returns>The flag and whether it was made now (false: the agency's reference was reported before), or the problem.</returns>
    private static async Task<(StatutoryFlagView? Flag, bool Created, ProblemHttpResult? Problem)> FlagAsync(Guid caseId, string agency,
        IReadOnlySet<string> codes, CaseServices s)
    {
        if (OnlyFor(s.Http, agency, allowPanel: false) is { } refused)
        {
            return (null, false, refused);
        }
        var (body, problem) = await JsonBody.ReadAsync<StatutoryReportRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? Validate(body!, codes).ProblemOrNull()) is { } bad)
        {
            return (null, false, bad);
        }
        var reference = body!.Reference!.Trim();
        Guid? made = null;
        if (await s.Store.FindStatutoryFlagAsync(agency, reference, s.Cancellation) is null)
        {
            try
            {
                var outcome = await s.Commands.FlagStatutoryAsync(caseId, agency, body.Code!, reference, s.Cancellation);
                if (outcome.Status != CommandStatus.Done)
                {
                    return (null, false, CommandAnswers.Problem(outcome, InterventionApi.Resource));
                }
                made = outcome.Value;
            }
            catch (DbException ex) when (s.Store.IsDuplicate(ex))
            {
                // Sent twice at once: the other request recorded it, and this one answers with that.
            }
        }
        var flag = (await s.Store.FindStatutoryFlagAsync(agency, reference, s.Cancellation))!;
        return flag.CaseId == caseId
            ? (View(flag), flag.Id == made, null)
            : (null, false, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Reference already used.",
                detail: "reference already reports on another case: each report needs its own reference."));
    }

    private static ValidationErrors Validate(StatutoryReportRequest body, IReadOnlySet<string> codes)
    {
        var errors = new ValidationErrors().Required("reference", body.Reference?.Trim(), MaxReference);
        return body.Code is not null && codes.Contains(body.Code)
            ? errors
            : errors.Add("code", $"must be one of: {string.Join(", ", codes.Order(StringComparer.Ordinal))}.");
    }

    /// <summary>Refuses (403, audited as denied) a caller of another agency; the panel reads a handover too but reports nothing.</summary>
    private static ProblemHttpResult? OnlyFor(HttpContext http, string agency, bool allowPanel = true)
    {
        var caller = http.Caller();
        if (caller.Agency == agency || (allowPanel && caller.SeesAllAgencies))
        {
            return null;
        }
        http.Audit().Denied = true;
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not for your agency.",
            detail: $"Only {agency} {(allowPanel ? "or the panel " : "")}may do this.");
    }

    private static IReadOnlyDictionary<string, int> Ratings(string details) =>
        JsonSerializer.Deserialize<RatingsOnly>(details, JsonSerializerOptions.Web)?.Ratings ?? new Dictionary<string, int>();

    private sealed record RatingsOnly(Dictionary<string, int>? Ratings);
}
