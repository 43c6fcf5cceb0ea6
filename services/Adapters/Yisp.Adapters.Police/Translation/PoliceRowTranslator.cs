using System.Globalization;
using System.Text.RegularExpressions;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Police.Translation;

/// <summary>
/// One notification → the platform's referral from police about the child: the force's reference becomes the child's
/// policeReference, the incident its reasons (type and date, then the notes) and its risk factor (<see cref="IncidentTypes"/>),
/// the officer its practitioner. Errors are named by column (property) name.
/// </summary>
public static partial class PoliceRowTranslator
{
    [GeneratedRegex(@"^[A-Za-z0-9/ -]{1,40}$", RegexOptions.CultureInvariant)]
    public static partial Regex ReferenceFormat();

    public static Translation<ReferralRequest> Translate(PoliceNotification row, DateOnly today)
    {
        var errors = new TranslationErrors();
        var reference = Reference(row.Reference, errors);
        var given = errors.Required("given_name", row.GivenName, ReferralLimits.MaxName);
        var family = errors.Required("family_name", row.FamilyName, ReferralLimits.MaxName);
        var dateOfBirth = errors.DateOfBirth("date_of_birth", row.DateOfBirth, today);
        var sex = errors.Optional("sex", row.Sex, ReferralLimits.MaxSexOrGender);
        var line1 = errors.Required("address_line1", row.AddressLine1, ReferralLimits.MaxAddressLine);
        var line2 = errors.Optional("address_line2", row.AddressLine2, ReferralLimits.MaxAddressLine);
        var town = errors.Optional("town", row.Town, ReferralLimits.MaxTown);
        var postcode = errors.Postcode("postcode", row.Postcode);
        var incident = Incident(row, today, errors);
        var notes = errors.OptionalText("notes", row.Notes, ReferralLimits.MaxReasons - 100);
        var officer = errors.Required("officer_name", row.OfficerName, ReferralLimits.MaxName);
        var email = errors.Email("officer_email", row.OfficerEmail);
        var phone = errors.Phone("officer_phone", row.OfficerPhone);
        var involved = errors.Codes("agencies_involved", AgencyCodes(row.AgenciesInvolved), Contracts.Agency.All, Contracts.Agency.MustBeOne);
        if (string.IsNullOrWhiteSpace(row.OfficerEmail) && string.IsNullOrWhiteSpace(row.OfficerPhone))
        {
            errors.Add("officer_email", "is required when there is no officer_phone.");
        }
        return errors.Result(() => new ReferralRequest(
            Contracts.Agency.Police,
            new ReferralPractitioner(officer!, null, email, phone),
            new ReferralChild(given!, family!, [], dateOfBirth!.Value, sex, null, new ReferralAddress(line1!, line2, town, postcode!), null, null, null,
                reference, null),
            [],
            string.Join('\n', new[] { incident!.Value.Reasons, notes }.OfType<string>()),
            incident.Value.RiskFactor is { } risk ? [risk] : [],
            [.. involved.Where(a => a != Contracts.Agency.Police).Distinct(StringComparer.Ordinal)],
            ReferralUrgency.Routine));
    }

    private static string?[] AgencyCodes(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [.. value.Split(';', StringSplitOptions.TrimEntries).Select(c => c.ToLowerInvariant())];

    public static string? Reference(string? value, TranslationErrors errors)
    {
        var reference = errors.Required("reference", value, 40);
        if (reference is not null && !ReferenceFormat().IsMatch(reference))
        {
            errors.Add("reference", "must be 1 to 40 letters, digits, spaces, '/' or '-'.");
            return null;
        }
        return reference;
    }

    private static (string Reasons, string? RiskFactor)? Incident(PoliceNotification row, DateOnly today, TranslationErrors errors)
    {
        var code = errors.Required("incident_type", row.IncidentType, 20)?.ToLowerInvariant();
        IncidentTypes.IncidentType? type = null;
        if (code is not null && !IncidentTypes.All.TryGetValue(code, out type))
        {
            errors.Add("incident_type", $"must be one of: {IncidentTypes.Listed}.");
        }
        DateOnly? date = null;
        if (string.IsNullOrWhiteSpace(row.IncidentDate))
        {
            errors.Add("incident_date", TranslationErrors.IsRequired);
        }
        else if (!DateOnly.TryParseExact(row.IncidentDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            errors.Add("incident_date", "must be a date as yyyy-MM-dd.");
        }
        else if (parsed > today)
        {
            errors.Add("incident_date", "must not be in the future.");
        }
        else
        {
            date = parsed;
        }
        return type is null || date is null ? null : ($"{type.Label} on {date:yyyy-MM-dd}.", type.RiskFactor);
    }
}
