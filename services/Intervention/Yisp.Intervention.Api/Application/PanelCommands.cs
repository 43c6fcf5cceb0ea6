using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
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
public sealed class PanelCommands(UnitOfWorkFactory unitsOfWork, InterventionStore cases, PanelStore panels, IIdGenerator ids, TimeProvider time,
    CaseTimeline timeline)
{
    /// <summary>Schedules a meeting; returns its id, or the index of a case that cannot go to panel.</summary>
    public async Task<(Guid? MeetingId, int? BadCase)> ScheduleAsync(DateTimeOffset scheduledFor, IReadOnlyList<Guid> caseIds, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        for (var i = 0; i < caseIds.Count; i++)
        {
            if (await cases.FindCaseAsync(unitOfWork, caseIds[i], cancellationToken) is not { Status: not CaseStatus.Closed, Suspended: false })
            {
                return (null, i);
            }
        }
        var meetingId = ids.NewId();
        await panels.InsertMeetingAsync(unitOfWork, meetingId, scheduledFor, caseIds.Distinct(), time.GetUtcNow(), cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return (meetingId, null);
    }

    public async Task<bool> RecordAttendanceAsync(Guid meetingId, IReadOnlyList<Attendee> attendees, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        if (await panels.FindMeetingAsync(unitOfWork, meetingId, cancellationToken) is null)
        {
            return false;
        }
        await panels.InsertAttendanceAsync(unitOfWork, attendees.Select(a => new PanelAttendanceRow
        {
            Id = ids.NewId(),
            MeetingId = meetingId,
            Agency = a.Agency,
            Attendee = a.Name,
            AttendeeRole = a.Role,
        }), cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Records the panel's decision on one case, once. "Support" lets the case's plan be built.</summary>
    public async Task<CommandOutcome<Guid>> DecideAsync(Guid meetingId, Guid caseId, string decision, string reasons, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var row = await cases.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null || await panels.FindMeetingAsync(unitOfWork, meetingId, cancellationToken) is null)
        {
            return CommandOutcome<Guid>.NotFound();
        }
        if (row.Status == CaseStatus.Closed || row.Suspended)
        {
            return CommandOutcome<Guid>.NotAllowed("The case is closed or suspended: the panel cannot decide on it now.");
        }
        var now = time.GetUtcNow();
        if (!await panels.DecideAsync(unitOfWork, meetingId, caseId, decision, reasons, now, cancellationToken))
        {
            return CommandOutcome<Guid>.NotAllowed("The case is not on this meeting's agenda, or the panel already decided on it.");
        }
        if (decision == PanelDecision.Support && row.Status == CaseStatus.Assessment)
        {
            row.Status = CaseStatus.Support;
            if (!await cases.UpdateCaseAsync(unitOfWork, row, cancellationToken))
            {
                return CommandOutcome<Guid>.NotAllowed("The case changed meanwhile; try again.");
            }
        }
        await timeline.PublishAsync(unitOfWork, caseId, new PanelDecisionRecorded(caseId, meetingId, decision, now), cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return CommandOutcome<Guid>.Done(caseId);
    }

}
