using Microsoft.Extensions.Options;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Inbound;

/// <summary>A progress note on one intervention the agency leads, as the platform's progress API takes it.</summary>
public sealed record ProgressRecord(Guid CaseId, Guid InterventionId, string RecordedBy, string Note);

/// <summary>
/// Records the agency's progress on an intervention it leads, through the gateway as the adapter's client. The platform
/// decides: only the lead agency, only while consent covers it, audited. The agency's own id is the Idempotency-Key.
/// </summary>
public sealed class InboundProgress(PlatformClient platform, AdapterMetrics metrics, IOptions<AdapterOptions> adapter)
{
    public const int MaxNote = 4000;
    public const int MaxRecordedBy = 100;

    public static string Path(Guid caseId, Guid interventionId) => $"api/interventions/cases/{caseId}/interventions/{interventionId}/progress";

    public async Task<PlatformAnswer> RecordAsync(Keyed<ProgressRecord> progress, CancellationToken cancellationToken)
    {
        var (key, value) = (progress.Key, progress.Value);
        var answer = await platform.CreateAsync(Path(value.CaseId, value.InterventionId),
            new { agency = adapter.Value.Agency, recordedBy = value.RecordedBy, note = value.Note }, key, cancellationToken);
        (answer.Succeeded ? metrics.Translated : metrics.Refused).Add(1);
        return answer;
    }
}

/// <summary>Reads what every progress message names: the agency's own id for it, the case and the intervention.</summary>
public static class ProgressTarget
{
    public const int MaxId = 100;

    /// <param name="kind">Scopes the agency's id (two kinds of record may share a number); part of the Idempotency-Key.</param>
    public static (string? Key, Guid CaseId, Guid InterventionId) Read(TranslationErrors errors, string kind, string? id, string? caseId, string? interventionId)
    {
        var ownId = errors.Required("id", id, MaxId);
        return (ownId is null ? null : $"{kind}:{ownId}", Id(errors, "caseId", caseId), Id(errors, "interventionId", interventionId));
    }

    private static Guid Id(TranslationErrors errors, string path, string? value)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty)
        {
            return id;
        }
        errors.Add(path, string.IsNullOrWhiteSpace(value) ? TranslationErrors.IsRequired : "must be the platform's id (a UUID) from the notification.");
        return Guid.Empty;
    }
}
