namespace Yisp.Referral.Domain;

/// <summary>
/// The child's details a coordinator may correct (UK GDPR article 16). Null leaves a detail as it is; an
/// address is corrected whole. Also what a correction keeps of the values it replaced.
/// </summary>
public sealed record ChildCorrection(string? GivenName, string? FamilyName, DateOnly? DateOfBirth, string? NhsNumber, string? Upn, Address? Address)
{
    /// <summary>The corrected child, the names of the details that changed, and the values they had (only those).</summary>
    public (Child Corrected, IReadOnlyList<string> Changed, ChildCorrection Previous) ApplyTo(Child current)
    {
        var changed = new List<string>();
        T? Pick<T>(string name, T? given, T? held)
        {
            if (given is null || Equals(given, held))
            {
                return held;
            }
            changed.Add(name);
            return given;
        }
        var corrected = current with
        {
            GivenName = Pick("givenName", GivenName, current.GivenName),
            FamilyName = Pick("familyName", FamilyName, current.FamilyName),
            DateOfBirth = Pick("dateOfBirth", DateOfBirth, current.DateOfBirth),
            NhsNumber = Pick("nhsNumber", NhsNumber, current.NhsNumber),
            Upn = Pick("upn", Upn, current.Upn),
            Address = Pick("address", Address, current.Address),
        };
        var previous = new ChildCorrection(
            changed.Contains("givenName") ? current.GivenName : null,
            changed.Contains("familyName") ? current.FamilyName : null,
            changed.Contains("dateOfBirth") ? current.DateOfBirth : null,
            changed.Contains("nhsNumber") ? current.NhsNumber : null,
            changed.Contains("upn") ? current.Upn : null,
            changed.Contains("address") ? current.Address : null);
        return (corrected, changed, previous);
    }
}

/// <summary>A correction that passed validation: identifiers and postcode in their normal form, the reason trimmed.</summary>
public sealed record ValidCorrection(ChildCorrection Child, string Reason);
