using System.Text.Json;
using System.Text.Json.Serialization;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;
using Yisp.Contracts.Interventions;

namespace Yisp.Adapters.YouthOffendingTeam.Translation;

/// <summary>The youth justice case management system's report: a child on a YISP case received an outcome (its own codes).</summary>
/// <param name="Reference">The system's own id for the report.</param>
/// <param name="Outcome">YC, YCC (out of court), CHG (charged), RO, YRO (court order), DTO (custody).</param>
public sealed record YouthJusticeEntry(Guid? CaseId, string? Reference, string? Outcome);

/// <summary>The system's outcome codes → the platform's youth justice codes; errors name JSON paths; unknown properties are refused.</summary>
public static class YouthJusticeReader
{
    public const int MaxReference = 100;

    public static readonly IReadOnlyDictionary<string, string> Outcomes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["YC"] = StatutoryInvolvement.OutOfCourtDisposal,
        ["YCC"] = StatutoryInvolvement.OutOfCourtDisposal,
        ["CHG"] = StatutoryInvolvement.Charged,
        ["RO"] = StatutoryInvolvement.CourtOrder,
        ["YRO"] = StatutoryInvolvement.CourtOrder,
        ["DTO"] = StatutoryInvolvement.Custody,
    };

    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static Translation<CaseReport> Read(string json)
    {
        YouthJusticeEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize<YouthJusticeEntry>(json, Options);
        }
        catch (JsonException e)
        {
            return Translation<CaseReport>.Failed(e.Path is null or "$" ? "" : e.Path.TrimStart('$', '.'), $"is not valid JSON here: {e.Message}");
        }
        if (entry is null)
        {
            return Translation<CaseReport>.Failed("", "must be a JSON object.");
        }
        var errors = new TranslationErrors();
        if (entry.CaseId is not { } caseId || caseId == Guid.Empty)
        {
            errors.Add("caseId", "is required: the YISP case id (from your feed or the shared cases list).");
        }
        var reference = errors.Required("reference", entry.Reference, MaxReference);
        string? code = null;
        if (entry.Outcome is null || !Outcomes.TryGetValue(entry.Outcome.Trim(), out code))
        {
            errors.Add("outcome", $"must be one of: {string.Join(", ", Outcomes.Keys)}.");
        }
        return errors.Result(() => new CaseReport(entry.CaseId!.Value, reference!, code!));
    }
}
