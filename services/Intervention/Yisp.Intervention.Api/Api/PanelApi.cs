using Yisp.Data.Idempotency;
using Yisp.Audit;
using Yisp.ServiceDefaults.Security;
using Dapper;
using Yisp.Contracts;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Intervention.Api;

public sealed record ScheduleRequest(DateTimeOffset? ScheduledFor, List<Guid>? CaseIds);

public sealed record AttendeeRequest(string? Agency, string? Name, string? Role);

public sealed record AttendanceRequest(List<AttendeeRequest?>? Attendees);

public sealed record PanelDecisionRequest(Guid? CaseId, string? Decision, string? Reasons);

public sealed record PanelCaseView(Guid CaseId, string? Decision, string? Reasons, DateTimeOffset? DecidedAt);

public sealed record AttendeeView(string Agency, string Name, string Role);

public sealed record PanelView(Guid Id, DateTimeOffset ScheduledFor, IReadOnlyList<PanelCaseView> Cases, IReadOnlyList<AttendeeView> Attendance);

public static class PanelApi
{
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

    private static async Task<IResult> ScheduleAsync(HttpRequest request, PanelCommands panels, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ScheduleRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors();
        if (body!.ScheduledFor is null)
        {
            errors.Add("scheduledFor", "is required.");
        }
        if (body.CaseIds is not { Count: > 0 and <= 50 })
        {
            errors.Add("caseIds", "must list 1 to 50 cases.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var (meetingId, badCase) = await panels.ScheduleAsync(body.ScheduledFor!.Value, body.CaseIds!, cancellationToken);
        if (badCase is { } index)
        {
            return new ValidationErrors().Add($"caseIds[{index}]", "is not an open case that can go to panel.").ToProblem();
        }
        return TypedResults.Created($"/api/interventions/panels/{meetingId}", await ViewAsync(unitsOfWork, meetingId!.Value, cancellationToken));
    }

    private static async Task<IResult> GetAsync(Guid meetingId, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken) =>
        await ViewAsync(unitsOfWork, meetingId, cancellationToken) is { } view ? TypedResults.Ok(view) : NotFound();

    private static async Task<IResult> AttendanceAsync(Guid meetingId, HttpRequest request, PanelCommands panels, UnitOfWorkFactory unitsOfWork,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<AttendanceRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var attendees = body!.Attendees ?? [];
        var errors = new ValidationErrors();
        if (attendees.Count is 0 or > 40)
        {
            errors.Add("attendees", "must list 1 to 40 people.");
        }
        for (var i = 0; i < attendees.Count; i++)
        {
            if (attendees[i]?.Agency is not { } agency || !Agency.All.Contains(agency))
            {
                errors.Add($"attendees[{i}].agency", Agency.MustBeOne);
            }
            errors.Required($"attendees[{i}].name", attendees[i]?.Name, 100);
            errors.Required($"attendees[{i}].role", attendees[i]?.Role, 100);
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var recorded = await panels.RecordAttendanceAsync(meetingId,
            [.. attendees.Select(a => new Attendee(a!.Agency!, a.Name!.Trim(), a.Role!.Trim()))], cancellationToken);
        return recorded ? TypedResults.Ok(await ViewAsync(unitsOfWork, meetingId, cancellationToken)) : NotFound();
    }

    private static async Task<IResult> DecideAsync(Guid meetingId, HttpRequest request, PanelCommands panels, UnitOfWorkFactory unitsOfWork,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PanelDecisionRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors();
        if (body!.CaseId is null)
        {
            errors.Add("caseId", "is required.");
        }
        if (body.Decision is null || !PanelDecision.All.Contains(body.Decision))
        {
            errors.Add("decision", $"must be one of: {string.Join(", ", PanelDecision.All)}.");
        }
        errors.Required("reasons", body.Reasons, 2000);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var outcome = await panels.DecideAsync(meetingId, body.CaseId!.Value, body.Decision!, body.Reasons!.Trim(), cancellationToken);
        return outcome.Status switch
        {
            CaseCommandStatus.NotFound => NotFound(),
            CaseCommandStatus.NotAllowed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed now.", detail: outcome.Problem),
            CaseCommandStatus.StaleVersion => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case changed meanwhile; try again."),
            _ => TypedResults.Ok(await ViewAsync(unitsOfWork, meetingId, cancellationToken)),
        };
    }

    private static async Task<PanelView?> ViewAsync(UnitOfWorkFactory unitsOfWork, Guid meetingId, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var meeting = await PanelCommands.FindMeetingAsync(unitOfWork, meetingId, cancellationToken);
        if (meeting is null)
        {
            return null;
        }
        var cases = await unitOfWork.Connection.QueryAsync<PanelCaseRow>(unitOfWork.Command(PanelSql.FindCases, new { meetingId }, cancellationToken));
        var attendance = await unitOfWork.Connection.QueryAsync<PanelAttendanceRow>(unitOfWork.Command(PanelSql.FindAttendance, new { meetingId }, cancellationToken));
        return new PanelView(meeting.Id, meeting.ScheduledFor,
            [.. cases.Select(c => new PanelCaseView(c.CaseId, c.Decision, c.Reasons, c.DecidedAt))],
            [.. attendance.Select(a => new AttendeeView(a.Agency, a.Attendee, a.AttendeeRole))]);
    }

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such panel meeting or case.");
}
