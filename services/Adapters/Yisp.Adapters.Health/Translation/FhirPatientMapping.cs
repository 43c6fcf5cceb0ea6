using Hl7.Fhir.Model;
using Yisp.Adapters.Platform;
using Yisp.Contracts.Identifiers;

namespace Yisp.Adapters.Health.Translation;

/// <summary>
/// UK Core Patient → the referral's child and parents or carers: the NHS number identifier (check digit validated), the official
/// (else usual, else first) name, birthDate, gender (administrative gender, as the child's gender), the home (else first) address
/// and each contact as a parent or carer (name, relationship text or coding, phone and email from telecom).
/// </summary>
public static class FhirPatientMapping
{
    public static ReferralChild? Child(BundleResource<Patient> entry, DateOnly today, TranslationErrors errors)
    {
        var (patient, path) = (entry.Resource, entry.Path);
        var nhsNumber = NhsNumberOf(patient, path, errors);
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official)
            ?? patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Usual) ?? patient.Name.FirstOrDefault();
        var namePath = name is null ? $"{path}.name" : $"{path}.name[{patient.Name.IndexOf(name)}]";
        var givens = name?.Given.ToList() ?? [];
        var given = errors.Required($"{namePath}.given", givens.FirstOrDefault(), ReferralLimits.MaxName);
        var family = errors.Required($"{namePath}.family", name?.Family, ReferralLimits.MaxName);
        var others = givens.Skip(1).Select((g, i) => errors.Required($"{namePath}.given[{i + 1}]", g, ReferralLimits.MaxName)).ToList();
        var dateOfBirth = errors.DateOfBirth($"{path}.birthDate", patient.BirthDate, today);
        var address = Address(patient, path, errors);
        if (given is null || family is null || dateOfBirth is null || address is null)
        {
            return null;
        }
        return new ReferralChild(given, family, others.OfType<string>().ToList(), dateOfBirth.Value, Sex: null,
            Gender: patient.Gender?.ToString().ToLowerInvariant(), address, School: null, nhsNumber, Upn: null, PoliceReference: null, YotReference: null);
    }

    public static IReadOnlyList<ReferralParentCarer> ParentsCarers(BundleResource<Patient> entry, TranslationErrors errors)
    {
        var (patient, path) = (entry.Resource, entry.Path);
        if (patient.Contact.Count > ReferralLimits.MaxParentsCarers)
        {
            errors.Add($"{path}.contact", $"must list at most {ReferralLimits.MaxParentsCarers} contacts.");
        }
        var people = new List<ReferralParentCarer>();
        for (var i = 0; i < patient.Contact.Count; i++)
        {
            var contact = patient.Contact[i];
            var at = $"{path}.contact[{i}]";
            var name = errors.Required($"{at}.name", FullName(contact.Name), ReferralLimits.MaxName);
            var relationship = contact.Relationship.Select(Text).FirstOrDefault(t => t is not null);
            var phone = Telecom(contact.Telecom, ContactPoint.ContactPointSystem.Phone, at, errors, errors.Phone);
            var email = Telecom(contact.Telecom, ContactPoint.ContactPointSystem.Email, at, errors, errors.Email);
            if (name is not null)
            {
                people.Add(new ReferralParentCarer(name, errors.Optional($"{at}.relationship", relationship, ReferralLimits.MaxRelationship), null, phone, email));
            }
        }
        return people;
    }

    /// <summary>The value of a telecom of the given system, checked by <paramref name="check"/> at its own path.</summary>
    public static string? Telecom(List<ContactPoint> telecom, ContactPoint.ContactPointSystem system, string at, TranslationErrors errors,
        Func<string, string?, string?> check)
    {
        var index = telecom.FindIndex(t => t.System == system && !string.IsNullOrWhiteSpace(t.Value));
        return index < 0 ? null : check($"{at}.telecom[{index}].value", telecom[index].Value);
    }

    public static string? FullName(HumanName? name) =>
        name is null ? null
        : !string.IsNullOrWhiteSpace(name.Text) ? name.Text
        : string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } joined ? joined
        : null;

    public static string? Text(CodeableConcept? concept) =>
        concept is null ? null
        : !string.IsNullOrWhiteSpace(concept.Text) ? concept.Text
        : concept.Coding.Select(c => c.Display ?? c.Code).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));

    private static string? NhsNumberOf(Patient patient, string path, TranslationErrors errors)
    {
        var index = patient.Identifier.FindIndex(i => i.System == FhirSystems.NhsNumber);
        if (index < 0)
        {
            return null;
        }
        if (!NhsNumber.TryNormalise(patient.Identifier[index].Value, out var normalised))
        {
            errors.Add($"{path}.identifier[{index}].value", "must be a 10-digit NHS number with a valid check digit.");
            return null;
        }
        return normalised;
    }

    private static ReferralAddress? Address(Patient patient, string path, TranslationErrors errors)
    {
        var address = patient.Address.FirstOrDefault(a => a.Use == Hl7.Fhir.Model.Address.AddressUse.Home) ?? patient.Address.FirstOrDefault();
        if (address is null)
        {
            errors.Add($"{path}.address", TranslationErrors.IsRequired);
            return null;
        }
        var at = $"{path}.address[{patient.Address.IndexOf(address)}]";
        var lines = address.Line.ToList();
        var line1 = errors.Required($"{at}.line[0]", lines.FirstOrDefault(), ReferralLimits.MaxAddressLine);
        var line2 = errors.Optional($"{at}.line[1]", string.Join(", ", lines.Skip(1)), ReferralLimits.MaxAddressLine);
        var town = errors.Optional($"{at}.city", address.City, ReferralLimits.MaxTown);
        var postcode = errors.Postcode($"{at}.postalCode", address.PostalCode);
        return line1 is null || postcode is null ? null : new ReferralAddress(line1, line2, town, postcode);
    }
}
