using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.SampleAgency.Translation;

/// <summary>Translates a progress report into a progress note on the intervention (pure code: test it without a server).</summary>
public static class ProgressReportReader
{
    public static Translation<Keyed<ProgressRecord>> Read(ProgressReportMessage message, DateOnly today)
    {
        var errors = new TranslationErrors();
        var (key, caseId, interventionId) = ProgressTarget.Read(errors, "progress-report", message.Id, message.CaseId, message.InterventionId);
        var reportedBy = errors.Required("reportedBy", message.ReportedBy, InboundProgress.MaxRecordedBy);
        var on = errors.PastDate("reportedOn", message.ReportedOn, today);
        var summary = errors.OptionalText("summary", message.Summary, InboundProgress.MaxNote - 100);
        if (string.IsNullOrWhiteSpace(message.Summary))
        {
            errors.Add("summary", TranslationErrors.IsRequired);
        }
        return errors.Result(() => new Keyed<ProgressRecord>(key!, new ProgressRecord(caseId, interventionId, reportedBy!,
            $"sample-agency progress ({on:yyyy-MM-dd}): {summary}")));
    }
}
