using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Police.Translation;

/// <summary>
/// A row's incident_type, what the reasons call it, and the risk factor it gives: asb and offence → early-involvement-in-crime,
/// exploitation → exploitation-risk, drugs → substance-misuse, other → none.
/// </summary>
public static class IncidentTypes
{
    public sealed record IncidentType(string Label, string? RiskFactor);

    public static readonly IReadOnlyDictionary<string, IncidentType> All = new Dictionary<string, IncidentType>(StringComparer.Ordinal)
    {
        ["asb"] = new("Anti-social behaviour", RiskFactorCodes.EarlyInvolvementInCrime),
        ["offence"] = new("Offence", RiskFactorCodes.EarlyInvolvementInCrime),
        ["exploitation"] = new("Concern of criminal or sexual exploitation", RiskFactorCodes.ExploitationRisk),
        ["drugs"] = new("Drugs possession or use", RiskFactorCodes.SubstanceMisuse),
        ["other"] = new("Other incident", null),
    };

    public static readonly string Listed = string.Join(", ", All.Keys);
}
