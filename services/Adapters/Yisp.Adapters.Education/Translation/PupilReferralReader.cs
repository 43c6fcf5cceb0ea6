using System.Text.Json;
using System.Text.Json.Serialization;
using Yisp.Adapters.Platform;
using Yisp.Contracts.Identifiers;

namespace Yisp.Adapters.Education.Translation;

/// <summary>
/// A school's JSON pupil referral (<see cref="PupilReferral"/>) → the platform's referral, keyed by the pupil's UPN (check letter
/// validated); attendance and exclusion facts become risk factors by <see cref="SchoolFacts"/>. Errors name JSON paths
/// (<c>pupil.dateOfBirth</c>, <c>contacts[1].email</c>); unknown properties are refused, as the platform does.
/// </summary>
public static class PupilReferralReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static Translation<ReferralRequest> Read(string json, DateOnly today)
    {
        PupilReferral? body;
        try
        {
            body = JsonSerializer.Deserialize<PupilReferral>(json, Options);
        }
        catch (JsonException e)
        {
            return Translation<ReferralRequest>.Failed(JsonPath(e.Path), $"is not valid JSON here: {e.Message}");
        }
        return body is null ? Translation<ReferralRequest>.Failed("", "must be a JSON object.") : Translate(body, today);
    }

    public static Translation<ReferralRequest> Translate(PupilReferral body, DateOnly today)
    {
        var errors = new TranslationErrors();
        var upn = Upn("upn", body.Upn, errors);
        var child = Child(body.Pupil, today, errors);
        var practitioner = Referrer(body.Referrer, errors);
        var parents = Contacts(body.Contacts, errors);
        var attendance = Attendance(body.Attendance, errors);
        var exclusions = Exclusions(body.Exclusions, errors);
        var school = errors.Optional("school", body.School, ReferralLimits.MaxSchool);
        var concerns = errors.OptionalText("concerns", body.Concerns, ReferralLimits.MaxReasons);
        var named = Codes("riskFactors", body.RiskFactors, errors);
        var urgency = body.Urgency ?? ReferralUrgency.Routine;
        if (urgency is not (ReferralUrgency.Routine or ReferralUrgency.Urgent))
        {
            errors.Add("urgency", $"must be {ReferralUrgency.Routine} or {ReferralUrgency.Urgent}.");
        }
        var (reasons, risks) = SchoolFacts.Combine(concerns, named, attendance, exclusions);
        if (reasons.Length == 0)
        {
            errors.Add("concerns", "is required when no attendance or exclusion facts are given.");
        }
        return errors.Result(() => new ReferralRequest(Contracts.Agency.Education, practitioner, child! with { Upn = upn, School = school },
            parents, reasons, risks, [], urgency));
    }

    public static string? Upn(string path, string? value, TranslationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(path, TranslationErrors.IsRequired);
            return null;
        }
        if (!UniquePupilNumber.TryNormalise(value, out var upn))
        {
            errors.Add(path, "must be a 13-character Unique Pupil Number with a valid check letter.");
            return null;
        }
        return upn;
    }

    private static ReferralChild? Child(PupilDetails? pupil, DateOnly today, TranslationErrors errors)
    {
        if (pupil is null)
        {
            errors.Add("pupil", TranslationErrors.IsRequired);
            return null;
        }
        var forename = errors.Required("pupil.forename", pupil.Forename, ReferralLimits.MaxName);
        var surname = errors.Required("pupil.surname", pupil.Surname, ReferralLimits.MaxName);
        var middle = (pupil.MiddleNames ?? []).Select((n, i) => errors.Required($"pupil.middleNames[{i}]", n, ReferralLimits.MaxName)).ToList();
        var dateOfBirth = errors.DateOfBirth("pupil.dateOfBirth", pupil.DateOfBirth, today);
        var sex = errors.Optional("pupil.sex", pupil.Sex, ReferralLimits.MaxSexOrGender);
        ReferralAddress? address = null;
        if (pupil.Address is null)
        {
            errors.Add("pupil.address", TranslationErrors.IsRequired);
        }
        else
        {
            var line1 = errors.Required("pupil.address.line1", pupil.Address.Line1, ReferralLimits.MaxAddressLine);
            var line2 = errors.Optional("pupil.address.line2", pupil.Address.Line2, ReferralLimits.MaxAddressLine);
            var town = errors.Optional("pupil.address.town", pupil.Address.Town, ReferralLimits.MaxTown);
            var postcode = errors.Postcode("pupil.address.postcode", pupil.Address.Postcode);
            address = line1 is null || postcode is null ? null : new ReferralAddress(line1, line2, town, postcode);
        }
        return forename is null || surname is null || dateOfBirth is null || address is null ? null
            : new ReferralChild(forename, surname, middle.OfType<string>().ToList(), dateOfBirth.Value, sex, null, address, null, null, null, null, null);
    }

    private static ReferralPractitioner? Referrer(PupilReferrer? referrer, TranslationErrors errors)
    {
        if (referrer is null)
        {
            errors.Add("referrer", TranslationErrors.IsRequired);
            return null;
        }
        var name = errors.Required("referrer.name", referrer.Name, ReferralLimits.MaxName);
        var role = errors.Optional("referrer.role", referrer.Role, ReferralLimits.MaxName);
        var email = errors.Email("referrer.email", referrer.Email);
        var phone = errors.Phone("referrer.phone", referrer.Phone);
        if (string.IsNullOrWhiteSpace(referrer.Email) && string.IsNullOrWhiteSpace(referrer.Phone))
        {
            errors.Add("referrer", "needs an email or a phone number.");
        }
        return name is null ? null : new ReferralPractitioner(name, role, email, phone);
    }

    private static IReadOnlyList<ReferralParentCarer> Contacts(IReadOnlyList<PupilContact>? contacts, TranslationErrors errors)
    {
        var list = contacts ?? [];
        if (list.Count > ReferralLimits.MaxParentsCarers)
        {
            errors.Add("contacts", $"must list at most {ReferralLimits.MaxParentsCarers} people.");
        }
        var people = new List<ReferralParentCarer>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } contact)
            {
                errors.Add($"contacts[{i}]", TranslationErrors.IsRequired);
                continue;
            }
            var name = errors.Required($"contacts[{i}].name", contact.Name, ReferralLimits.MaxName);
            var relationship = errors.Optional($"contacts[{i}].relationship", contact.Relationship, ReferralLimits.MaxRelationship);
            var phone = errors.Phone($"contacts[{i}].phone", contact.Phone);
            var email = errors.Email($"contacts[{i}].email", contact.Email);
            if (name is not null)
            {
                people.Add(new ReferralParentCarer(name, relationship, contact.ParentalResponsibility, phone, email));
            }
        }
        return people;
    }

    private static AttendanceFacts? Attendance(PupilAttendance? attendance, TranslationErrors errors)
    {
        if (attendance is null)
        {
            return null;
        }
        if (attendance.Percentage is not (>= 0 and <= 100))
        {
            errors.Add("attendance.percentage", "must be a number from 0 to 100.");
        }
        if (attendance.SessionsMissed is not >= 0)
        {
            errors.Add("attendance.sessionsMissed", "must be a whole number of 0 or more.");
        }
        return attendance is { Percentage: { } p, SessionsMissed: { } s } ? new AttendanceFacts(p, s) : null;
    }

    private static ExclusionFacts? Exclusions(PupilExclusions? exclusions, TranslationErrors errors)
    {
        if (exclusions is null)
        {
            return null;
        }
        if (exclusions.Count is not >= 0)
        {
            errors.Add("exclusions.count", "must be a whole number of 0 or more.");
        }
        if (exclusions.SuspensionDays is not >= 0)
        {
            errors.Add("exclusions.suspensionDays", "must be a number of 0 or more.");
        }
        return exclusions is { Count: { } c, SuspensionDays: { } d } ? new ExclusionFacts(c, d) : null;
    }

    private static IReadOnlyList<string> Codes(string path, IReadOnlyList<string>? codes, TranslationErrors errors)
    {
        var list = codes ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null || !RiskFactorCodes.All.Contains(list[i]))
            {
                errors.Add($"{path}[{i}]", "is not in the platform's risk factor catalogue (GET /api/referrals/risk-factors).");
            }
        }
        return list.Where(c => c is not null && RiskFactorCodes.All.Contains(c)).ToList();
    }

    // System.Text.Json names the place as "$.pupil.dateOfBirth"; the platform's paths have no "$.".
    private static string JsonPath(string? path) => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
