using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Contracts.Consent;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Idempotency;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

/// <summary>What the case handlers use, injected as one parameter.</summary>
public sealed record CaseServices(HttpContext Http, InterventionStore Store, CaseCommands Commands, Catalogues Catalogues,
    UnitOfWorkFactory UnitsOfWork, TimeProvider Time, CancellationToken Cancellation)
{
    public HttpRequest Request => Http.Request;

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
}

public static class InterventionApi
{
    public const string Resource = "case";
    private const long MaxBodyBytes = 32 * 1024;

    /// <summary>Assessment, the plan, reviews and closure are the panel's work; agencies deliver and report progress.</summary>
    public static readonly string[] PanelRoles = [PlatformRoles.Coordinator, PlatformRoles.PanelMember];

    public static RouteGroupBuilder MapInterventionApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/interventions").WithTags("Interventions").RequireScope(PlatformScopes.Interventions);
        api.MapGet("/catalogue/domains", (Catalogues c) => TypedResults.Ok(c.Domains.Entries))
            .WithSummary("List the assessment domains")
            .WithDescription("The domains an assessment rates (0 to 4 each) and protective factors are grouped by, each with its code and label.");
        api.MapGet("/catalogue/intervention-types", (Catalogues c) => TypedResults.Ok(c.InterventionTypes.Entries))
            .WithSummary("List the intervention types")
            .WithDescription("The kinds of intervention a support plan may hold (the codes `type` takes when adding an intervention).");
        api.MapGet("/cases/{caseId:guid}", GetAsync).Produces<CaseView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithinConsent().Audited(Resource, "case-management", "caseId")
            .WithSummary("Read a case")
            .WithDescription("The case's status, consented purposes and agencies, assessments, support plan and its `ETag`. The panel sees every " +
                "case; an agency sees a case only while the family's consent shares it with that agency, as the consent service confirms at that moment " +
                "(otherwise 404, the same as for no such case; 503 when consent cannot be confirmed).");
        api.MapTimeline();
        api.MapSubjectAccess();
        api.MapLeadAgencyStatus();
        api.MapSharedCases();
        api.MapStatutoryApi();
        api.MapPost("/cases/{caseId:guid}/assessments", AssessAsync).Accepts<AssessmentRequest>("application/json").Produces<CaseView>(StatusCodes.Status201Created)
            .RequireRole(PanelRoles).Audited(Resource, "assessment", "caseId").WithIdempotencyKey()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record an assessment (panel)")
            .WithDescription("Records an assessment of the child's needs: a rating from 0 to 4 in every domain of the catalogue, protective " +
                "factors, and the child's and parent's views. Needs consent for assessment. Coordinators and panel members only (403 otherwise).");
        api.MapPost("/cases/{caseId:guid}/interventions", AddAsync).Accepts<InterventionRequest>("application/json").Produces<CaseView>(StatusCodes.Status201Created)
            .RequireRole(PanelRoles).Audited(Resource, "case-management", "caseId").WithIdempotencyKey()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresIfMatch()
            .WithSummary("Add an intervention to the support plan (panel)")
            .WithDescription("Adds an intervention of a catalogue type, led by one agency, with goals and planned dates. Needs consent for " +
                "intervention (and for sharing with the lead agency). Coordinators and panel members only (403 otherwise).");
        api.MapPost("/cases/{caseId:guid}/interventions/{interventionId:guid}/{action:regex(^(start|complete|stop)$)}", MoveAsync)
            .Accepts<InterventionChangeRequest>("application/json").Produces<CaseView>()
            .WithinConsent(leadAgencyOnly: true).Audited(Resource, "intervention-delivery", "caseId")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresIfMatch()
            .WithSummary("Start, complete or stop an intervention")
            .WithDescription("`action` is `start` (planned to active), `complete` (active to completed) or `stop` (with a reason). The lead agency " +
                "does this for its own interventions, within consent; the panel for any. Another move from the current status is 409.");
        api.MapPost("/cases/{caseId:guid}/interventions/{interventionId:guid}/progress", ProgressAsync)
            .Accepts<ProgressNoteRequest>("application/json").Produces<IReadOnlyList<ProgressNoteView>>(StatusCodes.Status201Created)
            .WithinConsent(leadAgencyOnly: true).Audited(Resource, "intervention-delivery", "caseId").WithIdempotencyKey()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Record a progress note")
            .WithDescription("The lead agency records progress on an intervention it leads (`agency` must be yours), while consent covers it. " +
                "Answers every note on the intervention.");
        api.MapGet("/cases/{caseId:guid}/interventions/{interventionId:guid}/progress", ProgressNotesAsync).Produces<IReadOnlyList<ProgressNoteView>>()
            .WithinConsent().Audited(Resource, "intervention-delivery", "caseId")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List an intervention's progress notes")
            .WithDescription("Progress notes on one intervention, oldest first, for callers within the case's consent.");
        api.MapPost("/cases/{caseId:guid}/reviews", ReviewAsync).Accepts<ReviewRequest>("application/json").Produces<CaseView>(StatusCodes.Status201Created)
            .RequireRole(PanelRoles).Audited(Resource, "review", "caseId").WithIdempotencyKey()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresIfMatch()
            .WithSummary("Record a support plan review (panel)")
            .WithDescription("Records the panel's periodic review: progress per intervention and changes to the plan; sets the next review date. " +
                "Coordinators and panel members only (403 otherwise).");
        api.MapPost("/cases/{caseId:guid}/close", CloseAsync).Accepts<CloseCaseRequest>("application/json").Produces<CaseView>()
            .RequireRole(PanelRoles).Audited(Resource, "case-management", "caseId")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresIfMatch()
            .WithSummary("Close a case (panel)")
            .WithDescription("Closes the case with an outcome and a summary; open interventions end. Coordinators and panel members only (403 otherwise).");
        endpoints.MapAuditApi("/api/interventions");
        return api;
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> GetAsync(Guid caseId, [AsParameters] CaseServices s)
    {
        var view = await ViewAsync(s, caseId);
        if (view is null)
        {
            return CommandAnswers.NotFound(Resource);
        }
        Preconditions.SetETag(s.Http.Response, view.Version);
        return TypedResults.Ok(view);
    }

    /// <summary>Assessments are versions: a later one never overwrites, so no If-Match is needed.</summary>
    private static async Task<Results<Created<CaseView>, ProblemHttpResult>> AssessAsync(Guid caseId, [AsParameters] CaseServices s)
    {
        var (body, problem) = await JsonBody.ReadAsync<AssessmentRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? InterventionValidation.Assessment(body!, s.Today, s.Catalogues).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var assessment = new NewAssessment(body!.Assessor!.Trim(), body.AssessedOn!.Value, body.Ratings ?? [],
            (body.ProtectiveFactors ?? []).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value), body.ChildView, body.ParentView);
        return await CreatedAsync(caseId, await s.Commands.RecordAssessmentAsync(caseId, assessment, s.Cancellation), s);
    }

    private static async Task<Results<Created<CaseView>, ProblemHttpResult>> AddAsync(Guid caseId, [AsParameters] CaseServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<InterventionRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? InterventionValidation.Intervention(body!, s.Catalogues).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var intervention = new NewIntervention(body!.Type!, body.LeadAgency!, [.. body.Goals!.Select(g => g!.Trim())],
            body.PlannedStart!.Value, body.PlannedEnd!.Value);
        return await CreatedAsync(caseId, await s.Commands.AddInterventionAsync(caseId, version, intervention, s.Cancellation), s);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> MoveAsync(Guid caseId, Guid interventionId, string action,
        [AsParameters] CaseServices s)
    {
        var (version, precondition) = Preconditions.RequiredVersion(s.Request);
        if (precondition is not null)
        {
            return precondition;
        }
        InterventionChangeRequest? body = null;
        if (s.Request.ContentLength > 0 || action == "stop")
        {
            (body, var problem) = await JsonBody.ReadAsync<InterventionChangeRequest>(s.Request, MaxBodyBytes, s.Cancellation);
            if (problem is not null)
            {
                return problem;
            }
        }
        if (InterventionValidation.Move(action, body).ProblemOrNull() is { } bad)
        {
            return bad;
        }
        var to = action switch { "start" => InterventionStatus.Active, "complete" => InterventionStatus.Completed, _ => InterventionStatus.Stopped };
        var outcome = await s.Commands.MoveInterventionAsync(caseId, interventionId, version, to, body?.Reason?.Trim(), body?.ReasonCode, s.Cancellation);
        return outcome.Status == CommandStatus.Done ? await OkAsync(caseId, s) : CommandAnswers.Problem(outcome, Resource);
    }

    private static async Task<Results<Created<IReadOnlyList<ProgressNoteView>>, ProblemHttpResult>> ProgressAsync(Guid caseId, Guid interventionId,
        [AsParameters] CaseServices s)
    {
        var (body, problem) = await JsonBody.ReadAsync<ProgressNoteRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? InterventionValidation.Progress(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var caller = s.Http.Caller();
        if (!caller.SeesAllAgencies && body!.Agency != caller.Agency)
        {
            s.Http.Audit().Denied = true;
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your agency.",
                detail: $"agency must be your own agency ({caller.Agency}): a note is recorded only for the caller's agency.");
        }
        var outcome = await s.Commands.RecordProgressAsync(caseId, interventionId, body!.Agency!, body.RecordedBy!.Trim(), body.Note!.Trim(), s.Cancellation);
        if (outcome.Status != CommandStatus.Done)
        {
            return CommandAnswers.Problem(outcome, Resource);
        }
        return TypedResults.Created($"/api/interventions/cases/{caseId}/interventions/{interventionId}/progress",
            await NotesAsync(s.Store, caseId, interventionId, s.Cancellation));
    }

    private static async Task<Ok<IReadOnlyList<ProgressNoteView>>> ProgressNotesAsync(Guid caseId, Guid interventionId, InterventionStore store,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await NotesAsync(store, caseId, interventionId, cancellationToken));

    public static async Task<IReadOnlyList<ProgressNoteView>> NotesAsync(InterventionStore store, Guid caseId, Guid interventionId,
        CancellationToken cancellationToken) =>
        [.. (await store.ProgressNotesAsync(caseId, interventionId, cancellationToken)).Select(r => new ProgressNoteView(r.Id, r.Agency, r.RecordedBy, r.Note, r.RecordedAt))];

    private static async Task<Results<Created<CaseView>, ProblemHttpResult>> ReviewAsync(Guid caseId, [AsParameters] CaseServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<ReviewRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? InterventionValidation.Review(body!, s.Today).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var review = new NewReview(body!.Reviewer!.Trim(), body.ReviewedOn!.Value,
            [.. (body.Progress ?? []).Select(p => new ProgressNote(p!.InterventionId!.Value, p.Note!.Trim()))], body.PlanChanges);
        return await CreatedAsync(caseId, await s.Commands.RecordReviewAsync(caseId, version, review, s.Cancellation), s);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> CloseAsync(Guid caseId, [AsParameters] CaseServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<CloseCaseRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? InterventionValidation.Closure(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var outcome = await s.Commands.CloseAsync(caseId, version, body!.Outcome!, body.Summary!.Trim(), s.Cancellation);
        return outcome.Status == CommandStatus.Done ? await OkAsync(caseId, s) : CommandAnswers.Problem(outcome, Resource);
    }

    private static async Task<Results<Created<CaseView>, ProblemHttpResult>> CreatedAsync(Guid caseId, CommandOutcome<Guid> outcome, CaseServices s)
    {
        if (outcome.Status != CommandStatus.Done)
        {
            return CommandAnswers.Problem(outcome, Resource);
        }
        var view = (await ViewAsync(s, caseId))!;
        Preconditions.SetETag(s.Http.Response, view.Version);
        return TypedResults.Created($"/api/interventions/cases/{caseId}", view);
    }

    private static async Task<Ok<CaseView>> OkAsync(Guid caseId, CaseServices s)
    {
        var view = (await ViewAsync(s, caseId))!;
        Preconditions.SetETag(s.Http.Response, view.Version);
        return TypedResults.Ok(view);
    }

    /// <summary>The case as far as the caller may see it: an agency gets the plan and the assessments only while consent covers them.</summary>
    private static async Task<CaseView?> ViewAsync(CaseServices s, Guid caseId)
    {
        await using var unitOfWork = await s.UnitsOfWork.BeginAsync(s.Cancellation);
        var row = await s.Store.FindCaseAsync(unitOfWork, caseId, s.Cancellation);
        if (row is null)
        {
            return null;
        }
        var visible = CaseAccess.VisiblePurposes(s.Http, row);
        IReadOnlyList<InterventionRow> interventions = visible.Contains(ConsentPurpose.Intervention)
            ? await s.Store.InterventionsAsync(unitOfWork, caseId, s.Cancellation) : [];
        IReadOnlyList<AssessmentRow> assessments = visible.Contains(ConsentPurpose.Assessment)
            ? await s.Store.AssessmentsAsync(unitOfWork, caseId, s.Cancellation) : [];
        // Statutory flags are the panel's: what social care or the youth justice system reported stays with the panel.
        IReadOnlyList<StatutoryFlagRow> flags = s.Http.Caller().SeesAllAgencies ? await s.Store.StatutoryFlagsAsync(unitOfWork, caseId, s.Cancellation) : [];
        return View(row, interventions, assessments, flags);
    }

    public static CaseView View(CaseRow row, IReadOnlyList<InterventionRow> interventions, IReadOnlyList<AssessmentRow> assessments,
        IReadOnlyList<StatutoryFlagRow> flags) =>
        new(row.CaseId, row.Status, row.Suspended, row.Purposes, row.Agencies, row.Outcome, row.ClosureSummary,
            [.. interventions.Select(i => new InterventionView(i.Id, i.InterventionType, i.LeadAgency, i.GoalList, i.PlannedStart, i.PlannedEnd,
                i.Status, i.Suspended, i.StopReason, i.StopReasonCode))],
            [.. assessments.Select(a => new AssessmentView(a.Id, a.AssessmentVersion, a.Assessor, a.AssessedOn, a.Total,
                a.HighestNeed.Split(',', StringSplitOptions.RemoveEmptyEntries)))],
            row.NextReviewDue, row.Version, [.. flags.Select(StatutoryApi.View)]);
}
