namespace Yisp.Contracts.Privacy;

// Retention erased a child's data. Ids and dates only: what was erased is already gone.

/// <summary>A referral's identifying data and free text were erased; its ids, codes and dates remain.</summary>
public sealed record ReferralErased(Guid ReferralId, Guid? CaseId, DateTimeOffset ErasedAt);

/// <summary>
/// The last identity held for a case was erased: every service deletes the case's free text now, keeping
/// ids, codes and dates so audit chains and reporting figures do not change.
/// </summary>
public sealed record CaseErased(Guid CaseId, DateTimeOffset ErasedAt);
