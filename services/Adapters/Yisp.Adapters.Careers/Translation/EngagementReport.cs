using System.Globalization;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Careers.Translation;

/// <summary>A careers adviser's report on a period of work with a young person on an intervention the careers service leads.</summary>
/// <param name="Id">The careers system's own id for the report: sending it again records nothing twice.</param>
/// <param name="PeriodStart">yyyy-MM-dd; <paramref name="PeriodEnd"/> the same or later, not in the future.</param>
/// <param name="MeetingsHeld">Meetings held in the period, 0 to 100.</param>
/// <param name="EetStatus">The young person's education, employment or training status now: one of <see cref="EetStatus.All"/>.</param>
public sealed record EngagementMessage(string? Id, string? CaseId, string? InterventionId, string? Adviser, string? PeriodStart, string? PeriodEnd,
    int? MeetingsHeld, string? EetStatus, string? Note);

/// <summary>Education, employment or training status codes (as careers services record participation for 16 and 17 year olds).</summary>
public static class EetStatus
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["full-time-education"] = "in full-time education",
        ["apprenticeship"] = "on an apprenticeship",
        ["traineeship"] = "on a traineeship or other training",
        ["employment-with-training"] = "in employment with training",
        ["employment-without-training"] = "in employment without training",
        ["neet-seeking"] = "not in education, employment or training, and seeking it",
        ["neet-not-available"] = "not in education, employment or training, and not available (illness, caring, pregnancy)",
        ["not-known"] = "not known",
    };
}

/// <summary>Translates an engagement report into a progress note on the intervention (pure code).</summary>
public static class EngagementReport
{
    public const int MaxMeetings = 100;

    public static Translation<Keyed<ProgressRecord>> Read(EngagementMessage message, DateOnly today)
    {
        var errors = new TranslationErrors();
        var (key, caseId, interventionId) = ProgressTarget.Read(errors, "engagement", message.Id, message.CaseId, message.InterventionId);
        var adviser = errors.Required("adviser", message.Adviser, InboundProgress.MaxRecordedBy);
        var start = errors.PastDate("periodStart", message.PeriodStart, today);
        var end = errors.PastDate("periodEnd", message.PeriodEnd, today);
        if (start is { } s && end is { } e && e < s)
        {
            errors.Add("periodEnd", "must not be before periodStart.");
        }
        if (message.MeetingsHeld is not (>= 0 and <= MaxMeetings))
        {
            errors.Add("meetingsHeld", $"is required: 0 to {MaxMeetings}.");
        }
        if (message.EetStatus is null || !EetStatus.All.ContainsKey(message.EetStatus))
        {
            errors.Add("eetStatus", $"must be one of: {string.Join(", ", EetStatus.All.Keys)}.");
        }
        var note = errors.OptionalText("note", message.Note, InboundProgress.MaxNote - 400);
        return errors.Result(() => new Keyed<ProgressRecord>(key!, new ProgressRecord(caseId, interventionId, adviser!, string.Create(CultureInfo.InvariantCulture,
            $"Careers engagement {start:yyyy-MM-dd} to {end:yyyy-MM-dd}: {message.MeetingsHeld} meeting(s) held; now {EetStatus.All[message.EetStatus!]} ({message.EetStatus}).")
            + (note is null ? "" : $"\n{note}"))));
    }
}
