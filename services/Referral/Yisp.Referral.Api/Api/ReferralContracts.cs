namespace Yisp.Referral.Api;

/// <summary>The body of POST /api/referrals. Every property is optional here so validation can name each missing one.</summary>
public sealed record CreateReferralRequest(
    string? ReferringAgency,
    string? ChildGivenName,
    string? ChildFamilyName,
    DateOnly? ChildDateOfBirth,
    string? Postcode,
    string? Reasons);

public sealed record ReferralResponse(
    Guid Id,
    string ReferringAgency,
    string ChildGivenName,
    string ChildFamilyName,
    DateOnly ChildDateOfBirth,
    string Postcode,
    string Reasons,
    string Status,
    DateTimeOffset ReceivedAt)
{
    public static ReferralResponse From(Domain.Referral r) => new(
        r.Id, r.ReferringAgency, r.ChildGivenName, r.ChildFamilyName, r.ChildDateOfBirth, r.Postcode, r.Reasons, r.Status, r.ReceivedAt);
}
