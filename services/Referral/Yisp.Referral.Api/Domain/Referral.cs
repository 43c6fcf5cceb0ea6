namespace Yisp.Referral.Domain;

public static class ReferralStatus
{
    public const string Received = "received";
}

/// <summary>A referral as stored. The only place the child's identifying details live.</summary>
public sealed record Referral(
    Guid Id,
    string ReferringAgency,
    string ChildGivenName,
    string ChildFamilyName,
    DateOnly ChildDateOfBirth,
    string Postcode,
    string Reasons,
    string Status,
    DateTimeOffset ReceivedAt);
