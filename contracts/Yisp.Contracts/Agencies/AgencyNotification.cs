namespace Yisp.Contracts.Agencies;

/// <summary>
/// A notice on one agency's feed (its own queue, read only by its adapter): ids, codes and dates only. The platform
/// puts one there only while consent shares the case with the agency (or, for the agency that referred, about its own
/// referral), in the same transaction as the change it reports. Details are fetched through the gateway.
/// </summary>
/// <param name="NotificationId">Identifies it: the webhook id the agency's system de-duplicates by.</param>
/// <param name="Agency">Whose feed: an <see cref="Contracts.Agency"/> code.</param>
/// <param name="Kind">One of <see cref="NotificationKind"/>.</param>
/// <param name="Status">The new status where the kind has one (an intervention's, a screening outcome, a closure outcome).</param>
public sealed record AgencyNotification(
    Guid NotificationId,
    string Agency,
    string Kind,
    Guid? ReferralId,
    Guid? CaseId,
    Guid? InterventionId,
    string? Status,
    DateTimeOffset At);

public static class NotificationKind
{
    /// <summary>To the referring agency: its referral was screened (Status: the outcome).</summary>
    public const string ReferralScreened = "referral-screened";

    /// <summary>To the referring agency: the family's consent decision on its referral's case (Status: given or refused).</summary>
    public const string ConsentDecided = "consent-decided";

    /// <summary>Consent now shares the case with the agency.</summary>
    public const string CaseShared = "case-shared";

    /// <summary>Consent no longer shares the case with the agency: stop using what was shared.</summary>
    public const string CaseNoLongerShared = "case-no-longer-shared";

    /// <summary>An intervention the agency leads was assigned (Status: planned).</summary>
    public const string InterventionAssigned = "intervention-assigned";

    /// <summary>An intervention the agency leads changed status (Status: active, completed, stopped).</summary>
    public const string InterventionChanged = "intervention-changed";

    /// <summary>An intervention the agency leads is suspended: consent no longer covers it; stop work. Sent even though sharing has ended.</summary>
    public const string InterventionSuspended = "intervention-suspended";

    /// <summary>The support plan of a case the agency works on is due for review.</summary>
    public const string ReviewDue = "review-due";

    /// <summary>A case the agency works on closed (Status: the outcome).</summary>
    public const string CaseClosed = "case-closed";

    /// <summary>
    /// To children's social care, when consent shares the case with it: the case closed escalated to statutory services
    /// (Status: the outcome). Its handover summary is fetched through the gateway (<c>GET /api/interventions/cases/{caseId}/handover</c>).
    /// </summary>
    public const string HandoverReady = "handover-ready";

    public static readonly IReadOnlyList<string> All =
    [
        ReferralScreened, ConsentDecided, CaseShared, CaseNoLongerShared, InterventionAssigned, InterventionChanged, InterventionSuspended,
        ReviewDue, CaseClosed, HandoverReady,
    ];
}

/// <summary>The status of a <see cref="NotificationKind.ConsentDecided"/> notification.</summary>
public static class ConsentDecision
{
    public const string Given = "given";
    public const string Refused = "refused";
}

/// <summary>Where agency feeds live on the broker: one direct exchange, routed by agency code to one durable queue per agency.</summary>
public static class AgencyFeeds
{
    public const string Exchange = "agency-notifications";

    public static string Queue(string agency) => $"agency.{agency}";

    /// <summary>
    /// An agency adapter's broker permissions (configure, write, read; regular expressions over resource names):
    /// read its own queue, nothing else. The deployment's definitions use the same.
    /// </summary>
    public static (string Configure, string Write, string Read) AdapterPermissions(string agency) =>
        ("^$", "^$", $"^{System.Text.RegularExpressions.Regex.Escape(Queue(agency))}$");
}
