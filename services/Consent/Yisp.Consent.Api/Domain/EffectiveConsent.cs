using Yisp.Contracts.Consent;

namespace Yisp.Consent.Domain;

/// <summary>One thing consent can cover: a purpose, and for sharing, the agency shared with.</summary>
public sealed record ScopeItem(string Purpose, string Agency)
{
    public const string AnyAgency = "";

    public static ScopeItem For(string purpose, string? agency) =>
        new(purpose, purpose == ConsentPurpose.Sharing ? agency ?? AnyAgency : AnyAgency);

    public override string ToString() => Agency.Length == 0 ? Purpose : $"{Purpose}:{Agency}";
}

/// <summary>One recorded decision: a grant, a refusal or a withdrawal. Never changed once written.</summary>
public sealed record DecisionRecord(string Party, ScopeItem Item, bool Granted, bool Withdrawal, DateTimeOffset DecidedAt, DateTimeOffset? ExpiresAt);

/// <summary>An item in force, until the earliest expiry among the grants behind it.</summary>
public sealed record EffectiveItem(ScopeItem Item, DateTimeOffset ExpiresAt);

/// <summary>
/// Effective consent: an item is granted only while every required party's latest decision on it is
/// a grant that has not expired. A refusal or withdrawal by any required party takes it away.
/// </summary>
public static class EffectiveConsent
{
    public static IReadOnlyList<ScopeItem> ScopeOf(IEnumerable<string> agencies) =>
    [
        new ScopeItem(ConsentPurpose.Assessment, ScopeItem.AnyAgency),
        new ScopeItem(ConsentPurpose.Intervention, ScopeItem.AnyAgency),
        .. agencies.Distinct().Order(StringComparer.Ordinal).Select(a => new ScopeItem(ConsentPurpose.Sharing, a)),
    ];

    public static IReadOnlyList<EffectiveItem> Compute(
        IReadOnlyList<ScopeItem> scope, IReadOnlyList<string> requiredParties, IEnumerable<DecisionRecord> decisions, DateTimeOffset now)
    {
        var latest = decisions
            .GroupBy(d => (d.Party, d.Item))
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.DecidedAt).Last());
        var effective = new List<EffectiveItem>();
        foreach (var item in scope)
        {
            var grants = requiredParties.Select(party => latest.GetValueOrDefault((party, item))).ToList();
            if (grants.All(d => d is { Granted: true, Withdrawal: false } && (d.ExpiresAt is null || d.ExpiresAt > now)))
            {
                effective.Add(new EffectiveItem(item, grants.Min(d => d!.ExpiresAt ?? DateTimeOffset.MaxValue)));
            }
        }
        return effective;
    }

    /// <summary>True when a required party's latest word on assessment is a refusal: nothing can start.</summary>
    public static bool AssessmentRefused(IReadOnlyList<string> requiredParties, IEnumerable<DecisionRecord> decisions)
    {
        var assessment = new ScopeItem(ConsentPurpose.Assessment, ScopeItem.AnyAgency);
        return requiredParties.Any(party => decisions.Where(d => d.Party == party && d.Item == assessment)
            .OrderBy(d => d.DecidedAt).LastOrDefault() is { Granted: false, Withdrawal: false });
    }
}
