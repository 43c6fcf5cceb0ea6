namespace Yisp.Contracts.Referrals;

/// <summary>
/// An agency's referral was accepted for intake. Carries pseudonymous ids only: never the child's
/// name, date of birth or address.
/// </summary>
public sealed record ReferralReceived(Guid ReferralId, string ReferringAgency, DateTimeOffset ReceivedAt);
