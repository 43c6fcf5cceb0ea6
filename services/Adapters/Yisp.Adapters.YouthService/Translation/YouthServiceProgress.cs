using System.Globalization;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.YouthService.Translation;

/// <summary>Translates the youth service's notes and registers into the platform's progress notes (pure code).</summary>
public static class YouthServiceProgress
{
    public const int MaxSessions = 100;
    public const int MaxActivity = 100;

    public static Translation<Keyed<ProgressRecord>> FromNote(ProgressNoteMessage message, DateOnly today)
    {
        var errors = new TranslationErrors();
        var (key, caseId, interventionId) = ProgressTarget.Read(errors, "progress-note", message.Id, message.CaseId, message.InterventionId);
        var recordedBy = errors.Required("recordedBy", message.RecordedBy, InboundProgress.MaxRecordedBy);
        var on = errors.PastDate("recordedOn", message.RecordedOn, today);
        var note = errors.OptionalText("note", message.Note, InboundProgress.MaxNote - 40);
        if (string.IsNullOrWhiteSpace(message.Note))
        {
            errors.Add("note", TranslationErrors.IsRequired);
        }
        return errors.Result(() => new Keyed<ProgressRecord>(key!, new ProgressRecord(caseId, interventionId, recordedBy!,
            $"Youth service note ({on:yyyy-MM-dd}): {note}")));
    }

    public static Translation<Keyed<ProgressRecord>> FromAttendance(AttendanceMessage message, DateOnly today)
    {
        var errors = new TranslationErrors();
        var (key, caseId, interventionId) = ProgressTarget.Read(errors, "attendance", message.Id, message.CaseId, message.InterventionId);
        var recordedBy = errors.Required("recordedBy", message.RecordedBy, InboundProgress.MaxRecordedBy);
        var sessions = message.Sessions ?? [];
        if (sessions.Count is 0 or > MaxSessions)
        {
            errors.Add("sessions", $"must list 1 to {MaxSessions} sessions.");
        }
        var lines = new List<string>();
        for (var i = 0; i < Math.Min(sessions.Count, MaxSessions); i++)
        {
            if (Session(errors, $"sessions[{i}]", sessions[i], today) is { } line)
            {
                lines.Add(line);
            }
        }
        return errors.Result(() =>
        {
            var attended = sessions.Count(s => s!.Attended == true);
            var note = string.Join('\n', [string.Create(CultureInfo.InvariantCulture, $"Youth service attendance: {attended} of {sessions.Count} sessions attended."), .. lines]);
            return new Keyed<ProgressRecord>(key!, new ProgressRecord(caseId, interventionId, recordedBy!, note));
        });
    }

    private static string? Session(TranslationErrors errors, string path, SessionAttendance? session, DateOnly today)
    {
        if (session is null)
        {
            errors.Add(path, TranslationErrors.IsRequired);
            return null;
        }
        var before = errors.All.Count;
        var date = errors.PastDate($"{path}.date", session.Date, today);
        var activity = errors.Required($"{path}.activity", session.Activity, MaxActivity);
        string? outcome = null;
        switch (session.Attended)
        {
            case null:
                errors.Add($"{path}.attended", "is required (true or false).");
                break;
            case true when session.Minutes is not (>= 1 and <= 720):
                errors.Add($"{path}.minutes", "is required for an attended session: 1 to 720.");
                break;
            case true:
                outcome = $"attended ({session.Minutes} min)";
                break;
            case false when session.AbsenceReason is null || !AbsenceReasons.All.Contains(session.AbsenceReason):
                errors.Add($"{path}.absenceReason", $"is required for a missed session: one of {string.Join(", ", AbsenceReasons.All)}.");
                break;
            case false:
                outcome = $"missed ({session.AbsenceReason})";
                break;
        }
        return errors.All.Count == before ? $"{date:yyyy-MM-dd} {activity}: {outcome}" : null;
    }
}
