namespace Yisp.Referral.Domain;

// Who a referral is about and who made it: validated and normalised at intake, then stored only sealed.

public sealed record Practitioner(string? Name, string? Role, string? Email, string? Phone);

public sealed record Child(
    string? GivenName,
    string? FamilyName,
    IReadOnlyList<string>? OtherNames,
    DateOnly? DateOfBirth,
    string? Sex,
    string? Gender,
    Address? Address,
    string? School,
    string? NhsNumber,
    string? Upn,
    string? PoliceReference,
    string? YotReference);

public sealed record Address(string? Line1, string? Line2, string? Town, string? Postcode);

public sealed record ParentCarer(string? Name, string? Relationship, bool? HasParentalResponsibility, string? Phone, string? Email);

/// <summary>Who may refer: the agencies, a parent or carer, or the young person.</summary>
public static class Referrer
{
    public const string ParentCarer = "parent-carer";
    public const string YoungPerson = "young-person";

    public static bool IsKnown(string code) => Contracts.Agency.All.Contains(code) || code is ParentCarer or YoungPerson;

    public static bool IsAgency(string code) => Contracts.Agency.All.Contains(code);
}

public static class Urgency
{
    public const string Routine = "routine";
    public const string Urgent = "urgent";
}

/// <summary>A submission that passed validation, with identifiers in their normal form: what intake stores and screens.</summary>
public sealed record ValidReferral(string ReferringAgency, Practitioner? Practitioner, Child Child, IReadOnlyList<ParentCarer> ParentsCarers,
    string Reasons, string Postcode, DateOnly DateOfBirth, IReadOnlyList<string> RiskFactors, IReadOnlyList<string> AgenciesInvolved, string Urgency);
