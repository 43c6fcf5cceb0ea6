namespace Yisp.Contracts.Interventions;

/// <summary>Why an intervention stopped before completion, as a code: what reports count (the reason's own words stay with the intervention).</summary>
public static class StopReason
{
    public const string Disengaged = "disengaged";
    public const string NeedsMetElsewhere = "needs-met-elsewhere";
    public const string MovedAway = "moved-away";
    public const string ConsentWithdrawn = "consent-withdrawn";
    public const string Escalated = "escalated";
    public const string Other = "other";

    /// <summary>Set by the platform when the panel closes a case with the intervention still open.</summary>
    public const string CaseClosed = "case-closed";

    /// <summary>The codes a practitioner may give, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> Chosen = [Disengaged, NeedsMetElsewhere, MovedAway, ConsentWithdrawn, Escalated, Other];

    /// <summary>Every code, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> All = [.. Chosen, CaseClosed];
}
