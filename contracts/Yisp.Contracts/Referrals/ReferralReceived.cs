namespace Yisp.Contracts.Referrals;

/// <summary>
/// An agency's referral was accepted for intake. Referral events carry pseudonymous ids, agency codes
/// and screening facts only: never the child's name, date of birth or address. For reporting, the child's
/// age band (e.g. "10-11"), postcode district (e.g. "M1") and sex (female, male, other, not-stated) travel
/// too: each alone and all together far coarser than an identity, and published only through disclosure control.
/// </summary>
public sealed record ReferralReceived(Guid ReferralId, string ReferringAgency, string Urgency, DateTimeOffset ReceivedAt,
    string? AgeBand = null, string? PostcodeDistrict = null, string? Sex = null);
