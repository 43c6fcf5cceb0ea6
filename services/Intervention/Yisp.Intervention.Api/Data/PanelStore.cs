using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Intervention.Data;

/// <summary>Every read and write of panel meetings, their agendas, attendance and decisions.</summary>
public sealed class PanelStore(Database database)
{
    public async Task InsertMeetingAsync(UnitOfWork unitOfWork, Guid meetingId, DateTimeOffset scheduledFor, IEnumerable<Guid> caseIds,
        DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.InsertMeeting, new { id = meetingId, scheduledFor, createdAt }, cancellationToken));
        foreach (var caseId in caseIds)
        {
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.InsertCase, new { meetingId, caseId }, cancellationToken));
        }
    }

    public Task<PanelMeetingRow?> FindMeetingAsync(UnitOfWork unitOfWork, Guid meetingId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.QuerySingleOrDefaultAsync<PanelMeetingRow>(unitOfWork.Command(PanelSql.FindMeeting, new { meetingId }, cancellationToken));

    public Task InsertAttendanceAsync(UnitOfWork unitOfWork, IEnumerable<PanelAttendanceRow> attendance, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.InsertAttendance, attendance, cancellationToken));

    /// <summary>Records the decision on a case on the meeting's agenda; false when it is not on the agenda or already decided.</summary>
    public async Task<bool> DecideAsync(UnitOfWork unitOfWork, Guid meetingId, Guid caseId, string decision, string reasons, DateTimeOffset decidedAt,
        CancellationToken cancellationToken) =>
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PanelSql.Decide,
            new { meetingId, caseId, decision, reasons, decidedAt }, cancellationToken)) == 1;

    /// <summary>The meeting with its agenda and attendance, or null.</summary>
    public async Task<IReadOnlyList<PanelCaseRow>> DecisionsOfCaseAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<PanelCaseRow>(unitOfWork.Command(PanelSql.FindDecisionsOfCase, new { caseId }, cancellationToken))).AsList();

    public async Task<IReadOnlyList<StatutoryFlagRow>> FlagsOfMeetingAsync(Guid meetingId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StatutoryFlagRow>(
            new CommandDefinition(PanelSql.FindFlagsOfMeeting, new { meetingId }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<(PanelMeetingRow Meeting, IReadOnlyList<PanelCaseRow> Cases, IReadOnlyList<PanelAttendanceRow> Attendance)?> FindAsync(
        Guid meetingId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var meeting = await connection.QuerySingleOrDefaultAsync<PanelMeetingRow>(
            new CommandDefinition(PanelSql.FindMeeting, new { meetingId }, cancellationToken: cancellationToken));
        if (meeting is null)
        {
            return null;
        }
        var cases = await connection.QueryAsync<PanelCaseRow>(new CommandDefinition(PanelSql.FindCases, new { meetingId }, cancellationToken: cancellationToken));
        var attendance = await connection.QueryAsync<PanelAttendanceRow>(
            new CommandDefinition(PanelSql.FindAttendance, new { meetingId }, cancellationToken: cancellationToken));
        return (meeting, cases.AsList(), attendance.AsList());
    }
}
