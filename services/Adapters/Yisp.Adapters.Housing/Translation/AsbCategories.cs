using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Housing.Translation;

/// <summary>An incident's category, what the reasons call it, and the risk factor it gives (if any).</summary>
public static class AsbCategories
{
    public sealed record Category(string Label, string? RiskFactor);

    public static readonly IReadOnlyDictionary<string, Category> All = new Dictionary<string, Category>(StringComparer.Ordinal)
    {
        ["noise"] = new("Noise nuisance", null),
        ["intimidation"] = new("Intimidation or harassment of neighbours", RiskFactorCodes.EarlyInvolvementInCrime),
        ["criminal-damage"] = new("Criminal damage or vandalism", RiskFactorCodes.EarlyInvolvementInCrime),
        ["drugs"] = new("Drug use or dealing at the property", RiskFactorCodes.AvailabilityOfDrugs),
        ["gang-association"] = new("Groups gathering or gang association", RiskFactorCodes.FriendsInvolvedInCrime),
        ["domestic-disturbance"] = new("Domestic disturbance", RiskFactorCodes.FamilyConflict),
        ["other"] = new("Other anti-social behaviour", null),
    };

    public static readonly string Listed = string.Join(", ", All.Keys);
}
