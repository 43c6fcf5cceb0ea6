namespace Yisp.Adapters.YouthService.Translation;

// What the youth service's system sends, as JSON (camelCase). Every field is read as text and checked here, so a wrong
// value is named by its JSON path rather than failing the whole body.

/// <summary>A youth worker's note on an intervention the youth service leads.</summary>
/// <param name="Id">The youth service system's own id for the note: sending it again records nothing twice.</param>
public sealed record ProgressNoteMessage(string? Id, string? CaseId, string? InterventionId, string? RecordedBy, string? RecordedOn, string? Note);

/// <summary>A register of sessions (mentoring, activities) for one intervention.</summary>
/// <param name="Id">The register's own id in the youth service's system.</param>
public sealed record AttendanceMessage(string? Id, string? CaseId, string? InterventionId, string? RecordedBy, IReadOnlyList<SessionAttendance?>? Sessions);

/// <param name="Date">yyyy-MM-dd, not in the future.</param>
/// <param name="Attended">true or false.</param>
/// <param name="Minutes">How long the young person took part (attended sessions), 1 to 720.</param>
/// <param name="AbsenceReason">For a missed session: one of <see cref="AbsenceReasons.All"/>.</param>
public sealed record SessionAttendance(string? Date, string? Activity, bool? Attended, int? Minutes, string? AbsenceReason);

public static class AbsenceReasons
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "illness", "family-reasons", "education-commitment", "did-not-engage", "session-cancelled", "unknown",
    };
}
