using System.Xml.Linq;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Education.Translation;

/// <summary>The parts of a CTF <c>Pupil</c> element a referral needs (see <see cref="CommonTransferFileReader"/>).</summary>
public static class CtfPupil
{
    public static ReferralChild? Child(XElement pupil, string path, DateOnly today, TranslationErrors errors)
    {
        var forename = errors.Required($"{path}/Forename", CommonTransferFileReader.Text(pupil, "Forename"), ReferralLimits.MaxName);
        var surname = errors.Required($"{path}/Surname", CommonTransferFileReader.Text(pupil, "Surname"), ReferralLimits.MaxName);
        var middle = errors.Optional($"{path}/BasicDetails/MiddleNames", CommonTransferFileReader.Text(pupil.Element("BasicDetails"), "MiddleNames"),
            ReferralLimits.MaxName);
        var dateOfBirth = errors.DateOfBirth($"{path}/DOB", CommonTransferFileReader.Text(pupil, "DOB"), today);
        var sexElement = pupil.Element("Sex") is null ? "Gender" : "Sex";
        var sex = CommonTransferFileReader.Text(pupil, sexElement) switch
        {
            null => null,
            "M" => "male",
            "F" => "female",
            var other => errors.Optional($"{path}/{sexElement}", other, ReferralLimits.MaxSexOrGender),
        };
        var address = Address(pupil.Element("Address"), $"{path}/Address", errors);
        return forename is null || surname is null || dateOfBirth is null || address is null ? null
            : new ReferralChild(forename, surname, middle?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [], dateOfBirth.Value, sex, null,
                address, null, null, null, null, null);
    }

    public static IReadOnlyList<ReferralParentCarer> Contacts(XElement pupil, string path, TranslationErrors errors)
    {
        var contacts = pupil.Element("Contacts")?.Elements("Contact").ToList() ?? [];
        if (contacts.Count > ReferralLimits.MaxParentsCarers)
        {
            errors.Add($"{path}/Contacts", $"must list at most {ReferralLimits.MaxParentsCarers} contacts.");
        }
        var people = new List<ReferralParentCarer>();
        for (var i = 0; i < contacts.Count; i++)
        {
            var contact = contacts[i];
            var at = $"{path}/Contacts/Contact[{i + 1}]";
            var fullName = string.Join(' ', new[] { CommonTransferFileReader.Text(contact, "Forename"), CommonTransferFileReader.Text(contact, "Surname") }
                .OfType<string>());
            var name = errors.Required($"{at}/Surname", fullName, ReferralLimits.MaxName);
            var relationship = errors.Optional($"{at}/Relationship", CommonTransferFileReader.Text(contact, "Relationship"), ReferralLimits.MaxRelationship);
            bool? responsibility = CommonTransferFileReader.Text(contact, "Responsibility") switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => null,
            };
            var phone = errors.Phone($"{at}/Phones/Phone/PhoneNo", CommonTransferFileReader.Text(contact.Element("Phones")?.Element("Phone"), "PhoneNo"));
            var email = errors.Email($"{at}/Email", CommonTransferFileReader.Text(contact, "Email"));
            if (name is not null)
            {
                people.Add(new ReferralParentCarer(name, relationship, responsibility, phone, email));
            }
        }
        return people;
    }

    /// <summary>The latest year's attendance: percentage of possible sessions attended, and the authorised plus unauthorised sessions missed.</summary>
    public static AttendanceFacts? Attendance(XElement pupil, string path, TranslationErrors errors)
    {
        var years = pupil.Element("Attendance")?.Elements("YearData").ToList() ?? [];
        if (years.Count == 0)
        {
            return null;
        }
        var latest = years.MaxBy(y => CommonTransferFileReader.Text(y, "Year"))!;
        var at = $"{path}/Attendance/YearData[{years.IndexOf(latest) + 1}]";
        var possible = CommonTransferFileReader.Whole(latest, "SessionsPossible", at, errors);
        var authorised = CommonTransferFileReader.Whole(latest, "SessionsAuthorised", at, errors) ?? 0;
        var unauthorised = CommonTransferFileReader.Whole(latest, "SessionsUnauthorised", at, errors) ?? 0;
        if (possible is not > 0 || authorised + unauthorised > possible)
        {
            errors.Add($"{at}/SessionsPossible", "must be more than 0 and at least the sessions missed.");
            return null;
        }
        var missed = authorised + unauthorised;
        return new AttendanceFacts(Math.Round(100m * (possible.Value - missed) / possible.Value, 1), missed);
    }

    /// <summary>Exclusions, where the school's system adds them: one <c>Exclusion</c> each, a suspension's <c>Sessions</c> two to a day.</summary>
    public static ExclusionFacts? Exclusions(XElement pupil, string path, TranslationErrors errors)
    {
        var exclusions = pupil.Element("Exclusions")?.Elements("Exclusion").ToList();
        if (exclusions is null)
        {
            return null;
        }
        var sessions = 0;
        for (var i = 0; i < exclusions.Count; i++)
        {
            var at = $"{path}/Exclusions/Exclusion[{i + 1}]";
            var category = CommonTransferFileReader.Text(exclusions[i], "Category");
            if (category is not ("PERM" or "SUSP" or "FIXD"))
            {
                errors.Add($"{at}/Category", "must be PERM (permanent exclusion) or SUSP (suspension; FIXD in older files).");
            }
            else if (category is not "PERM")
            {
                sessions += CommonTransferFileReader.Whole(exclusions[i], "Sessions", at, errors) ?? 0;
            }
        }
        return new ExclusionFacts(exclusions.Count, sessions / 2m);
    }

    private static ReferralAddress? Address(XElement? address, string path, TranslationErrors errors)
    {
        if (address is null)
        {
            errors.Add(path, TranslationErrors.IsRequired);
            return null;
        }
        string? line1, line2, town;
        if (address.Element("BS7666Address") is { } bs)
        {
            var parts = new[] { "SAON", "PAON", "Street" }.Select(n => CommonTransferFileReader.Text(bs, n)).OfType<string>().ToList();
            line1 = errors.Required($"{path}/BS7666Address/PAON", string.Join(' ', parts), ReferralLimits.MaxAddressLine);
            line2 = errors.Optional($"{path}/BS7666Address/Locality", CommonTransferFileReader.Text(bs, "Locality"), ReferralLimits.MaxAddressLine);
            town = errors.Optional($"{path}/BS7666Address/Town", CommonTransferFileReader.Text(bs, "Town") ?? CommonTransferFileReader.Text(bs, "PostTown"),
                ReferralLimits.MaxTown);
        }
        else
        {
            var lines = address.Element("AddressLines");
            line1 = errors.Required($"{path}/AddressLines/AddressLine1", CommonTransferFileReader.Text(lines, "AddressLine1"), ReferralLimits.MaxAddressLine);
            line2 = errors.Optional($"{path}/AddressLines/AddressLine2", CommonTransferFileReader.Text(lines, "AddressLine2"), ReferralLimits.MaxAddressLine);
            town = errors.Optional($"{path}/AddressLines/AddressLine3", CommonTransferFileReader.Text(lines, "AddressLine3"), ReferralLimits.MaxTown);
        }
        var postcode = errors.Postcode($"{path}/Postcode", CommonTransferFileReader.Text(address, "Postcode"));
        return line1 is null || postcode is null ? null : new ReferralAddress(line1, line2, town, postcode);
    }
}
