using Yisp.Contracts.Consent;
using Yisp.Data.Idempotency;
using Yisp.Audit;
using Yisp.ServiceDefaults.Security;
using Dapper;
using Yisp.Contracts;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Intervention.Api;

public static class InterventionApi
{
    private const long MaxBodyBytes = 32 * 1024;
    private const string Resource = "case";

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
                "case; an agency sees a case only while the family's consent covers it (403 naming what is missing otherwise; 404 for no such case).");
        api.MapTimeline();
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

    private static async Task<IResult> GetAsync(Guid caseId, HttpResponse response, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var view = await ViewAsync(unitOfWork, caseId, response.HttpContext.Caller(), cancellationToken);
        if (view is null)
        {
            return NotFound();
        }
        Preconditions.SetETag(response, view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> AssessAsync(Guid caseId, HttpRequest request, HttpResponse response, CaseCommands commands,
        Catalogues catalogues, UnitOfWorkFactory unitsOfWork, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<AssessmentRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors().Required("assessor", body!.Assessor, 100);
        if (body.AssessedOn is not { } on || on > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            errors.Add("assessedOn", "is required and must not be in the future.");
        }
        var ratings = body.Ratings ?? [];
        foreach (var domain in catalogues.Domains.Entries.Where(d => !ratings.ContainsKey(d.Code)))
        {
            errors.Add($"ratings.{domain.Code}", "is required (0 to 4).");
        }
        foreach (var (domain, rating) in ratings)
        {
            if (!catalogues.Domains.Contains(domain))
            {
                errors.Add($"ratings.{domain}", $"is not an assessment domain; the domains are: {string.Join(", ", catalogues.Domains.Entries.Select(e => e.Code))}.");
            }
            else if (rating is < 0 or > AssessmentRules.MaxRating)
            {
                errors.Add($"ratings.{domain}", "must be from 0 to 4.");
            }
        }
        foreach (var (domain, factors) in body.ProtectiveFactors ?? [])
        {
            if (!catalogues.Domains.Contains(domain) || factors.Count > 10 || factors.Any(f => string.IsNullOrWhiteSpace(f) || f.Length > 200))
            {
                errors.Add($"protectiveFactors.{domain}", "must be a known domain with up to 10 factors of 1 to 200 characters.");
            }
        }
        foreach (var (field, text) in new[] { ("childView", body.ChildView), ("parentView", body.ParentView) })
        {
            if (text is { Length: > 4000 })
            {
                errors.Add(field, "must be at most 4000 characters.");
            }
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var outcome = await commands.RecordAssessmentAsync(caseId, new NewAssessment(body.Assessor!.Trim(), body.AssessedOn!.Value, ratings,
            (body.ProtectiveFactors ?? []).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value), body.ChildView, body.ParentView), cancellationToken);
        return await AnswerAsync(caseId, outcome, response, unitsOfWork, created: true, cancellationToken);
    }

    private static async Task<IResult> AddAsync(Guid caseId, HttpRequest request, HttpResponse response, CaseCommands commands,
        Catalogues catalogues, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<InterventionRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors();
        if (body!.Type is null || !catalogues.InterventionTypes.Contains(body.Type))
        {
            errors.Add("type", $"must be one of: {string.Join(", ", catalogues.InterventionTypes.Entries.Select(e => e.Code))}.");
        }
        if (body.LeadAgency is null || !Agency.All.Contains(body.LeadAgency))
        {
            errors.Add("leadAgency", Agency.MustBeOne);
        }
        var goals = body.Goals ?? [];
        if (goals.Count is 0 or > 10)
        {
            errors.Add("goals", "must list 1 to 10 goals.");
        }
        for (var i = 0; i < goals.Count; i++)
        {
            errors.Required($"goals[{i}]", goals[i], 300);
        }
        if (body.PlannedStart is null)
        {
            errors.Add("plannedStart", "is required.");
        }
        if (body.PlannedEnd is null || body.PlannedEnd < body.PlannedStart)
        {
            errors.Add("plannedEnd", "is required and must not be before plannedStart.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var outcome = await commands.AddInterventionAsync(caseId, version,
            new NewIntervention(body.Type!, body.LeadAgency!, [.. goals.Select(g => g.Trim())], body.PlannedStart!.Value, body.PlannedEnd!.Value), cancellationToken);
        return await AnswerAsync(caseId, outcome, response, unitsOfWork, created: true, cancellationToken);
    }

    private static async Task<IResult> MoveAsync(Guid caseId, Guid interventionId, string action, HttpRequest request, HttpResponse response,
        CaseCommands commands, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        var (version, precondition) = Preconditions.RequiredVersion(request);
        if (precondition is not null)
        {
            return precondition;
        }
        string? reason = null;
        if (request.ContentLength > 0 || action == "stop")
        {
            var (body, problem) = await JsonBody.ReadAsync<InterventionChangeRequest>(request, MaxBodyBytes, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            reason = body!.Reason?.Trim();
            if (action == "stop" && !new ValidationErrors().Required("reason", reason, 1000).IsEmpty)
            {
                return new ValidationErrors().Required("reason", reason, 1000).ToProblem();
            }
        }
        var to = action switch { "start" => InterventionStatus.Active, "complete" => InterventionStatus.Completed, _ => InterventionStatus.Stopped };
        return await AnswerAsync(caseId, await commands.MoveInterventionAsync(caseId, interventionId, version, to, reason, cancellationToken),
            response, unitsOfWork, created: false, cancellationToken);
    }

    private static async Task<IResult> ProgressAsync(Guid caseId, Guid interventionId, HttpContext http, HttpRequest request, CaseCommands commands,
        UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ProgressNoteRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors().Required("recordedBy", body!.RecordedBy, 100).Required("note", body.Note, 4000);
        if (body.Agency is null || !Agency.All.Contains(body.Agency))
        {
            errors.Add("agency", Agency.MustBeOne);
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        if (!http.Caller().SeesAllAgencies && body.Agency != http.Caller().Agency)
        {
            http.Audit().Denied = true;
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your agency.",
                detail: $"agency must be your own agency ({http.Caller().Agency}).");
        }
        var outcome = await commands.RecordProgressAsync(caseId, interventionId, body.Agency!, body.RecordedBy!.Trim(), body.Note!.Trim(), cancellationToken);
        return outcome.Status switch
        {
            CaseCommandStatus.NotFound => NotFound(),
            CaseCommandStatus.NotAllowed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed now.", detail: outcome.Problem),
            CaseCommandStatus.StaleVersion => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case changed meanwhile; try again."),
            _ => TypedResults.Created($"/api/interventions/cases/{caseId}/interventions/{interventionId}/progress",
                await NotesAsync(unitsOfWork, caseId, interventionId, cancellationToken)),
        };
    }

    private static async Task<IResult> ProgressNotesAsync(Guid caseId, Guid interventionId, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken) =>
        TypedResults.Ok(await NotesAsync(unitsOfWork, caseId, interventionId, cancellationToken));

    private static async Task<IReadOnlyList<ProgressNoteView>> NotesAsync(UnitOfWorkFactory unitsOfWork, Guid caseId, Guid interventionId,
        CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var rows = await unitOfWork.Connection.QueryAsync<ProgressNoteRow>(
            unitOfWork.Command(InterventionSql.FindProgressNotes, new { caseId, interventionId }, cancellationToken));
        return [.. rows.Select(r => new ProgressNoteView(r.Id, r.Agency, r.RecordedBy, r.Note, r.RecordedAt))];
    }

    private static async Task<IResult> ReviewAsync(Guid caseId, HttpRequest request, HttpResponse response, CaseCommands commands,
        UnitOfWorkFactory unitsOfWork, TimeProvider time, CancellationToken cancellationToken)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<ReviewRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors().Required("reviewer", body!.Reviewer, 100);
        if (body.ReviewedOn is not { } on || on > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            errors.Add("reviewedOn", "is required and must not be in the future.");
        }
        var progress = body.Progress ?? [];
        for (var i = 0; i < progress.Count; i++)
        {
            if (progress[i]?.InterventionId is null)
            {
                errors.Add($"progress[{i}].interventionId", "is required.");
            }
            errors.Required($"progress[{i}].note", progress[i]?.Note, 2000);
        }
        if (body.PlanChanges is { Length: > 4000 })
        {
            errors.Add("planChanges", "must be at most 4000 characters.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var review = new NewReview(body.Reviewer!.Trim(), body.ReviewedOn!.Value,
            [.. progress.Select(p => new ProgressNote(p.InterventionId!.Value, p.Note!.Trim()))], body.PlanChanges);
        return await AnswerAsync(caseId, await commands.RecordReviewAsync(caseId, version, review, cancellationToken), response, unitsOfWork, created: true, cancellationToken);
    }

    private static async Task<IResult> CloseAsync(Guid caseId, HttpRequest request, HttpResponse response, CaseCommands commands,
        UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<CloseCaseRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors().Required("summary", body!.Summary, 4000);
        if (body.Outcome is null || !CaseOutcome.All.Contains(body.Outcome))
        {
            errors.Add("outcome", $"must be one of: {string.Join(", ", CaseOutcome.All)}.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return await AnswerAsync(caseId, await commands.CloseAsync(caseId, version, body.Outcome!, body.Summary!.Trim(), cancellationToken), response, unitsOfWork, created: false, cancellationToken);
    }

    private static async Task<IResult> AnswerAsync(Guid caseId, CaseCommandOutcome outcome, HttpResponse response, UnitOfWorkFactory unitsOfWork,
        bool created, CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case CaseCommandStatus.NotFound:
                return NotFound();
            case CaseCommandStatus.StaleVersion:
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The case has changed.",
                    detail: "Someone changed this case after you read it. Read it again, then retry with its new ETag.");
            case CaseCommandStatus.NotAllowed:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed now.", detail: outcome.Problem);
        }
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var view = (await ViewAsync(unitOfWork, caseId, response.HttpContext.Caller(), cancellationToken))!;
        Preconditions.SetETag(response, view.Version);
        return created ? TypedResults.Created($"/api/interventions/cases/{caseId}", view) : TypedResults.Ok(view);
    }

    /// <summary>The case as far as the caller may see it: an agency gets the plan and the assessments only while consent covers them.</summary>
    private static async Task<CaseView?> ViewAsync(UnitOfWork unitOfWork, Guid caseId, Caller caller, CancellationToken cancellationToken)
    {
        var row = await InterventionStore.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var visible = CaseAccess.VisiblePurposes(caller, row);
        IReadOnlyList<InterventionRow> interventions = visible.Contains(ConsentPurpose.Intervention)
            ? await InterventionStore.InterventionsAsync(unitOfWork, caseId, cancellationToken) : [];
        IReadOnlyList<AssessmentRow> assessments = visible.Contains(ConsentPurpose.Assessment)
            ? await InterventionStore.AssessmentsAsync(unitOfWork, caseId, cancellationToken) : [];
        return new CaseView(caseId, row.Status, row.Suspended, row.Purposes, row.Agencies, row.Outcome, row.ClosureSummary,
            [.. interventions.Select(i => new InterventionView(i.Id, i.InterventionType, i.LeadAgency, i.GoalList, i.PlannedStart, i.PlannedEnd,
                i.Status, i.Suspended, i.StopReason))],
            [.. assessments.Select(a => new AssessmentView(a.Id, a.AssessmentVersion, a.Assessor, a.AssessedOn, a.Total,
                a.HighestNeed.Split(',', StringSplitOptions.RemoveEmptyEntries)))],
            row.NextReviewDue, row.Version);
    }

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case here.");
}
