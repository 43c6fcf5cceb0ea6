using Yisp.Adapters.YouthService.Translation;

namespace Yisp.Adapters.Tests.Translation;

public sealed class YouthServiceProgressTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly Guid CaseId = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid InterventionId = Guid.Parse("0193a000-0000-7000-8000-000000000002");

    [Fact]
    public void A_note_becomes_progress_on_the_named_intervention_keyed_by_the_youth_services_own_id()
    {
        var result = YouthServiceProgress.FromNote(
            new ProgressNoteMessage("YS-PN-0042", CaseId.ToString(), InterventionId.ToString(), " Jo Youthworker ", "2026-12-01", "Came to the climbing wall and led a warm-up."),
            Today);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("progress-note:YS-PN-0042", result.Value.Key);
        Assert.Equal((CaseId, InterventionId, "Jo Youthworker"), (result.Value.Value.CaseId, result.Value.Value.InterventionId, result.Value.Value.RecordedBy));
        Assert.Equal("Youth service note (2026-12-01): Came to the climbing wall and led a warm-up.", result.Value.Value.Note);
    }

    [Fact]
    public void A_register_becomes_one_note_counting_sessions_attended_with_each_session_on_its_line()
    {
        var result = YouthServiceProgress.FromAttendance(new AttendanceMessage("REG-7", CaseId.ToString(), InterventionId.ToString(), "Jo Youthworker",
        [
            new SessionAttendance("2026-11-21", "Football", true, 90, null),
            new SessionAttendance("2026-11-28", "Football", false, null, "illness"),
        ]), Today);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("attendance:REG-7", result.Value.Key);
        Assert.Equal("Youth service attendance: 1 of 2 sessions attended.\n2026-11-21 Football: attended (90 min)\n2026-11-28 Football: missed (illness)",
            result.Value.Value.Note);
    }

    [Fact]
    public void Every_bad_field_is_named_by_its_json_path_and_nothing_is_translated()
    {
        var note = YouthServiceProgress.FromNote(new ProgressNoteMessage(" ", "not-a-uuid", null, "Jo", "2026-12-25", "\u0000"), Today);
        var register = YouthServiceProgress.FromAttendance(new AttendanceMessage("REG-8", CaseId.ToString(), InterventionId.ToString(), "Jo",
        [
            new SessionAttendance("2026-11-21", "Football", true, 0, null),
            new SessionAttendance("21/11/2026", "", false, null, "bored"),
            null,
        ]), Today);
        var empty = YouthServiceProgress.FromAttendance(new AttendanceMessage("REG-9", CaseId.ToString(), InterventionId.ToString(), "Jo", []), Today);

        Assert.False(note.Succeeded);
        Assert.Equal(["caseId", "id", "interventionId", "note", "recordedOn"], note.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.False(register.Succeeded);
        Assert.Equal(["sessions[0].minutes", "sessions[1].absenceReason", "sessions[1].activity", "sessions[1].date", "sessions[2]"],
            register.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("sessions", Assert.Single(empty.Errors).Path);
    }
}
