using Yisp.Messaging.Transactions;
using Dapper;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Intervention.Application;

public static class PanelDecision
{
    public const string Support = "support";
    public const string ReferElsewhere = "refer-elsewhere";
    public const string NoFurtherAction = "no-further-action";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Support, ReferElsewhere, NoFurtherAction };
}

public sealed record Attendee(string Agency, string Name, string Role);

/// <summary>The multi-agency panel: meetings for a set of cases, who attended for which agency, and a decision per case.</summary>
public sealed class PanelCommands(UnitOfWorkFactory unitsOfWork, IIdGenerator ids, TimeProvider time, CaseTimeline timeline)
{
    /// <summary>Schedules a meeting; returns its id, or the index of a case that cannot go to panel.</summary>
    public async Task<(Guid? MeetingId, int? BadCase)> ScheduleAsync(DateTimeOffset scheduledFor, IReadOnlyList<Guid> caseIds, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        for (var i = 0; i < caseIds.Count; i++)
        {
            if (await InterventionStore.FindCaseAsync(unitOfWork, caseIds[i], cancellationToken) is not { Status: not CaseStatus.Closed, Suspended: false })
            {
                return (null, i);
            }
        }
        var meetingId = ids.NewId();
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.InsertMeeting,
            new { id = meetingId, scheduledFor, createdAt = time.GetUtcNow() }, cancellationToken));
        foreach (var caseId in caseIds.Distinct())
        {
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.InsertCase, new { meetingId, caseId }, cancellationToken));
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return (meetingId, null);
    }

    public async Task<bool> RecordAttendanceAsync(Guid meetingId, IReadOnlyList<Attendee> attendees, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        if (await FindMeetingAsync(unitOfWork, meetingId, cancellationToken) is null)
        {
            return false;
        }
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.InsertAttendance, attendees.Select(a => new
        {
            Id = ids.NewId(), MeetingId = meetingId, a.Agency, Attendee = a.Name, AttendeeRole = a.Role,
        }), cancellationToken));
        await unitOfWork.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Records the panel's decision on one case, once. "Support" lets the case's plan be built.</summary>
    public async Task<CaseCommandOutcome> DecideAsync(Guid meetingId, Guid caseId, string decision, string reasons, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var row = await InterventionStore.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null || await FindMeetingAsync(unitOfWork, meetingId, cancellationToken) is null)
        {
            return new CaseCommandOutcome(CaseCommandStatus.NotFound);
        }
        if (row.Status == CaseStatus.Closed || row.Suspended)
        {
            return CaseCommandOutcome.NotAllowed("The case is closed or suspended: the panel cannot decide on it now.");
        }
        var now = time.GetUtcNow();
        if (await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.Decide,
                new { meetingId, caseId, decision, reasons, decidedAt = now }, cancellationToken)) != 1)
        {
            return CaseCommandOutcome.NotAllowed("The case is not on this meeting's agenda, or the panel already decided on it.");
        }
        if (decision == PanelDecision.Support && row.Status == CaseStatus.Assessment)
        {
            var expected = row.Version;
            row.Status = CaseStatus.Support;
            if (!await InterventionStore.UpdateCaseAsync(unitOfWork, row, expected, cancellationToken))
            {
                return new CaseCommandOutcome(CaseCommandStatus.StaleVersion);
            }
        }
        await timeline.PublishAsync(unitOfWork, caseId, new PanelDecisionRecorded(caseId, meetingId, decision, now), cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return new CaseCommandOutcome(CaseCommandStatus.Done);
    }

    public static Task<PanelMeetingRow?> FindMeetingAsync(UnitOfWork unitOfWork, Guid meetingId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.QuerySingleOrDefaultAsync<PanelMeetingRow>(unitOfWork.Command(PanelSql.FindMeeting, new { meetingId }, cancellationToken));
}
