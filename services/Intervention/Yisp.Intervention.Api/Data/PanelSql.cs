namespace Yisp.Intervention.Data;

/// <summary>Panel statements: portable SQL for PostgreSQL and SQL Server.</summary>
public static class PanelSql
{
    public const string InsertMeeting = "INSERT INTO panel_meetings (id, scheduled_for, created_at) VALUES (@id, @scheduledFor, @createdAt)";

    public const string InsertCase = "INSERT INTO panel_cases (meeting_id, case_id) VALUES (@meetingId, @caseId)";

    public const string FindMeeting = "SELECT id, scheduled_for FROM panel_meetings WHERE id = @meetingId";

    public const string FindCases = "SELECT case_id, decision, reasons, decided_at FROM panel_cases WHERE meeting_id = @meetingId ORDER BY case_id";

    public const string FindAttendance = "SELECT agency, attendee, attendee_role FROM panel_attendance WHERE meeting_id = @meetingId ORDER BY agency, attendee";

    public const string InsertAttendance = """
        INSERT INTO panel_attendance (id, meeting_id, agency, attendee, attendee_role) VALUES (@Id, @MeetingId, @Agency, @Attendee, @AttendeeRole)
        """;

    /// <summary>Records the decision only if none was recorded yet: a case is decided once per meeting.</summary>
    public const string Decide = """
        UPDATE panel_cases SET decision = @decision, reasons = @reasons, decided_at = @decidedAt
        WHERE meeting_id = @meetingId AND case_id = @caseId AND decision IS NULL
        """;

    /// <summary>Every decision a panel made on the case, oldest first.</summary>
    public const string FindDecisionsOfCase = """
        SELECT case_id, decision, reasons, decided_at FROM panel_cases WHERE case_id = @caseId AND decision IS NOT NULL ORDER BY decided_at
        """;

    /// <summary>The statutory flags of the cases on a meeting's agenda: what the panel must know before it decides.</summary>
    public const string FindFlagsOfMeeting = """
        SELECT f.id, f.case_id, f.agency, f.code, f.agency_reference, f.reported_at
        FROM statutory_flags f JOIN panel_cases c ON c.case_id = f.case_id
        WHERE c.meeting_id = @meetingId ORDER BY f.reported_at, f.id
        """;
}
