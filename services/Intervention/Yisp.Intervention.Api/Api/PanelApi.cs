using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Idempotency;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

public static class PanelApi
{
    private const string Resource = "panel meeting";
    private const long MaxBodyBytes = 32 * 1024;

    public static RouteGroupBuilder MapPanelApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/interventions/panels").WithTags("Panels")
            .RequireScope(PlatformScopes.Interventions).RequireRole(InterventionApi.PanelRoles)
            .Audited("panel-meeting", "panel", "meetingId");
        api.MapPost("/", ScheduleAsync).Accepts<ScheduleRequest>("application/json").Produces<PanelView>(StatusCodes.Status201Created)
            .WithIdempotencyKey()
            .ProducesValidationProblem()
            .WithSummary("Schedule a panel meeting")
            .WithDescription("Schedules a multi-agency panel meeting for up to 50 open cases. Coordinators and panel members only (403 otherwise).");
        api.MapGet("/{meetingId:guid}", GetAsync).Produces<PanelView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Read a panel meeting")
            .WithDescription("The meeting's cases with their decisions, and who attended for which agency.");
        api.MapPost("/{meetingId:guid}/attendance", AttendanceAsync).Accepts<AttendanceRequest>("application/json").Produces<PanelView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Record who attended a panel meeting")
            .WithDescription("Records the attendees (1 to 40), each with their agency, name and role, replacing any earlier list.");
        api.MapPost("/{meetingId:guid}/decisions", DecideAsync).Accepts<PanelDecisionRequest>("application/json").Produces<PanelView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record the panel's decision on a case")
            .WithDescription("The panel decides, for one case on the meeting's agenda, to offer support, refer elsewhere or take no further action, with reasons.");
        return api;
    }

    private static async Task<Results<Created<PanelView>, ProblemHttpResult>> ScheduleAsync(HttpRequest request, PanelCommands panels, PanelStore store,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ScheduleRequest>(request, MaxBodyBytes, cancellationToken);
        if ((problem ?? InterventionValidation.Schedule(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var (meetingId, badCase) = await panels.ScheduleAsync(body!.ScheduledFor!.Value.ToUniversalTime(), body.CaseIds!, cancellationToken);
        if (badCase is { } index)
        {
            return new ValidationErrors().Add($"caseIds[{index}]", "is not an open case that can go to panel.").ToProblem();
        }
        return TypedResults.Created($"/api/interventions/panels/{meetingId}", (await ViewAsync(store, meetingId!.Value, cancellationToken))!);
    }

    private static async Task<Results<Ok<PanelView>, ProblemHttpResult>> GetAsync(Guid meetingId, PanelStore store, CancellationToken cancellationToken) =>
        await ViewAsync(store, meetingId, cancellationToken) is { } view ? TypedResults.Ok(view) : CommandAnswers.NotFound(Resource);

    private static async Task<Results<Ok<PanelView>, ProblemHttpResult>> AttendanceAsync(Guid meetingId, HttpRequest request, PanelCommands panels,
        PanelStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<AttendanceRequest>(request, MaxBodyBytes, cancellationToken);
        if ((problem ?? InterventionValidation.Attendance(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var recorded = await panels.RecordAttendanceAsync(meetingId,
            [.. body!.Attendees!.Select(a => new Attendee(a!.Agency!, a.Name!.Trim(), a.Role!.Trim()))], cancellationToken);
        return recorded ? TypedResults.Ok((await ViewAsync(store, meetingId, cancellationToken))!) : CommandAnswers.NotFound(Resource);
    }

    private static async Task<Results<Ok<PanelView>, ProblemHttpResult>> DecideAsync(Guid meetingId, HttpRequest request, PanelCommands panels,
        PanelStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PanelDecisionRequest>(request, MaxBodyBytes, cancellationToken);
        if ((problem ?? InterventionValidation.PanelDecision(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var outcome = await panels.DecideAsync(meetingId, body!.CaseId!.Value, body.Decision!, body.Reasons!.Trim(), cancellationToken);
        return outcome.Status == CommandStatus.Done
            ? TypedResults.Ok((await ViewAsync(store, meetingId, cancellationToken))!)
            : CommandAnswers.Problem(outcome, "panel meeting or case");
    }

    private static async Task<PanelView?> ViewAsync(PanelStore store, Guid meetingId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(meetingId, cancellationToken) is not var (meeting, cases, attendance))
        {
            return null;
        }
        var flags = (await store.FlagsOfMeetingAsync(meetingId, cancellationToken)).ToLookup(f => f.CaseId);
        return new PanelView(meeting.Id, meeting.ScheduledFor,
            [.. cases.Select(c => new PanelCaseView(c.CaseId, c.Decision, c.Reasons, c.DecidedAt, [.. flags[c.CaseId].Select(StatutoryApi.View)]))],
            [.. attendance.Select(a => new AttendeeView(a.Agency, a.Attendee, a.AttendeeRole))]);
    }
}
