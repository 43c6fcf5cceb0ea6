namespace Yisp.Intervention.Data;

public sealed class PanelMeetingRow
{
    public Guid Id { get; set; }
    public DateTimeOffset ScheduledFor { get; set; }
}

public sealed class PanelCaseRow
{
    public Guid CaseId { get; set; }
    public string? Decision { get; set; }
    public string? Reasons { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

public sealed class PanelAttendanceRow
{
    public Guid Id { get; set; }
    public Guid MeetingId { get; set; }
    public string Agency { get; set; } = "";
    public string Attendee { get; set; } = "";
    public string AttendeeRole { get; set; } = "";
}
