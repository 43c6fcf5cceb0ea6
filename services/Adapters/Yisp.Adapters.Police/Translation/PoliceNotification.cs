namespace Yisp.Adapters.Police.Translation;

/// <summary>
/// One row of a force's batch: the same fields as CSV columns (header row) and as JSON properties, in snake case.
/// Required: reference, given_name, family_name, date_of_birth, address_line1, postcode, incident_type, incident_date, officer_name,
/// and officer_email or officer_phone. <c>agencies_involved</c>: other agencies the force knows work with the child, as
/// agency codes separated by <c>;</c>, whom the family's consent can then cover.
/// </summary>
public sealed record PoliceNotification(
    string? Reference,
    string? GivenName,
    string? FamilyName,
    string? DateOfBirth,
    string? Sex,
    string? AddressLine1,
    string? AddressLine2,
    string? Town,
    string? Postcode,
    string? IncidentType,
    string? IncidentDate,
    string? OfficerName,
    string? OfficerEmail,
    string? OfficerPhone,
    string? Notes,
    string? AgenciesInvolved = null)
{
    /// <summary>The column and property names, in the order above.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "reference", "given_name", "family_name", "date_of_birth", "sex", "address_line1", "address_line2", "town", "postcode",
        "incident_type", "incident_date", "officer_name", "officer_email", "officer_phone", "notes",
        "agencies_involved",
    ];

    public static readonly IReadOnlyList<string> RequiredFields =
        ["reference", "given_name", "family_name", "date_of_birth", "address_line1", "postcode", "incident_type", "incident_date", "officer_name"];

    public static PoliceNotification FromFields(Func<string, string?> field) => new(
        field("reference"), field("given_name"), field("family_name"), field("date_of_birth"), field("sex"), field("address_line1"),
        field("address_line2"), field("town"), field("postcode"), field("incident_type"), field("incident_date"), field("officer_name"),
        field("officer_email"), field("officer_phone"), field("notes"), field("agencies_involved"));
}
