namespace Yisp.Contracts.Referrals;

/// <summary>
/// An agency's referral was accepted for intake. Referral events carry pseudonymous ids, agency codes
/// and screening facts only: never the child's name, date of birth or address.
/// </summary>
public sealed record ReferralReceived(Guid ReferralId, string ReferringAgency, string Urgency, DateTimeOffset ReceivedAt);
