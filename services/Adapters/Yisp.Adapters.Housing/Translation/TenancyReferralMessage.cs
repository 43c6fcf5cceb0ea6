namespace Yisp.Adapters.Housing.Translation;

// What the housing system sends, as JSON (camelCase). Every field is read as text and checked by TenancyReferralReader,
// so a wrong value is named by its JSON path.

/// <summary>A child in a tenancy with anti-social behaviour concerns, referred by the housing officer.</summary>
/// <param name="Id">The housing system's own case id: sending it again makes no second referral.</param>
/// <param name="Household">The tenant(s) and other adults caring for the child (parents or carers), at most 6.</param>
/// <param name="Incidents">Anti-social behaviour reports on the tenancy concerning the child, 1 to 50.</param>
/// <param name="TenancyAtRisk">A notice (seeking possession, injunction) has been served or is being considered.</param>
/// <param name="RiskFactors">Further platform risk factor codes the officer names (GET /api/referrals/risk-factors).</param>
/// <param name="AgenciesInvolved">Other agencies working with the family (agency codes), whom consent may then cover.</param>
/// <param name="Urgency">routine (default) or urgent.</param>
public sealed record TenancyReferralMessage(string? Id, Tenancy? Tenancy, HousingChild? Child, IReadOnlyList<HouseholdMember?>? Household,
    HousingOfficer? Officer, IReadOnlyList<AsbIncident?>? Incidents, bool? TenancyAtRisk, string? Concerns, IReadOnlyList<string?>? RiskFactors,
    IReadOnlyList<string?>? AgenciesInvolved, string? Urgency);

/// <param name="Reference">The housing provider's tenancy reference.</param>
public sealed record Tenancy(string? Reference, TenancyAddress? Address);

public sealed record TenancyAddress(string? Line1, string? Line2, string? Town, string? Postcode);

public sealed record HousingChild(string? GivenName, string? FamilyName, string? DateOfBirth, string? Sex);

/// <param name="Relationship">To the child, e.g. Mother, Grandparent.</param>
public sealed record HouseholdMember(string? Name, string? Relationship, bool? IsTenant, string? Phone, string? Email);

public sealed record HousingOfficer(string? Name, string? Role, string? Email, string? Phone);

/// <param name="Category">One of <see cref="AsbCategories.All"/>.</param>
public sealed record AsbIncident(string? Date, string? Category, string? Summary);
