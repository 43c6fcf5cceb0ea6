namespace Yisp.Contracts.Referrals;

/// <summary>The referral was screened (or a coordinator overrode its screening). Outcome: eligible, ineligible or needs-review.</summary>
public sealed record ReferralScreened(
    Guid ReferralId,
    Guid? CaseId,
    string Outcome,
    IReadOnlyList<string> Reasons,
    int RiskFactorCount,
    int ConcernedParties,
    bool Overridden,
    DateTimeOffset ScreenedAt);

/// <summary>
/// The referral joined a case: a new one, or the child's open case. Method: identifier or coordinator.
/// A new case for a child whose earlier case closed names that case as its previous episode.
/// </summary>
public sealed record ReferralLinkedToCase(Guid ReferralId, Guid CaseId, bool NewCase, string Method, DateTimeOffset LinkedAt, Guid? PreviousCaseId = null);

/// <summary>The referral is eligible and waits for the family's consent; the consent service opens a request for the case.</summary>
public sealed record ReferralAwaitingConsent(
    Guid ReferralId,
    Guid CaseId,
    string ReferringAgency,
    IReadOnlyList<string> AgenciesInvolved,
    DateTimeOffset At);

/// <summary>Consent was granted for the case: the referral is accepted for assessment.</summary>
public sealed record ReferralAccepted(Guid ReferralId, Guid CaseId, DateTimeOffset AcceptedAt);

/// <summary>The referrer withdrew the referral.</summary>
public sealed record ReferralWithdrawn(Guid ReferralId, Guid? CaseId, string ReferringAgency, DateTimeOffset WithdrawnAt);

/// <summary>The referral closed. Reason: ineligible, consent-refused, consent-withdrawn, withdrawn-by-referrer or merged.</summary>
public sealed record ReferralClosed(Guid ReferralId, Guid? CaseId, string Reason, DateTimeOffset ClosedAt);

/// <summary>
/// A coordinator corrected the child's details: the coarse facts derived from them (as in <see cref="ReferralReceived"/>), as they
/// now stand. Never the details themselves.
/// </summary>
public sealed record ReferralDetailsCorrected(Guid ReferralId, Guid? CaseId, string? AgeBand, string? PostcodeDistrict, DateTimeOffset CorrectedAt);
