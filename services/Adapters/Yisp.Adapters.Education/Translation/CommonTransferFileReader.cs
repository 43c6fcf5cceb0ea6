using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Education.Translation;

/// <summary>What a school adds to a CTF to make it a referral: who refers, why, how urgently (a CTF carries none of these).</summary>
public sealed record CtfReferralDetails(ReferralPractitioner Practitioner, string? Concerns, string Urgency);

/// <summary>
/// A DfE Common Transfer File (CTF XML) for one pupil → the platform's referral. Read from <c>CTfile/CTFpupilData/Pupil</c>:
/// <c>UPN</c> (check letter validated), <c>Surname</c>, <c>Forename</c>, <c>DOB</c>, <c>Sex</c> (or the older <c>Gender</c>),
/// <c>BasicDetails/MiddleNames</c>; <c>Address</c> (<c>BS7666Address</c> SAON, PAON, Street, Locality, Town, or
/// <c>AddressLines/AddressLine1..5</c>, and <c>Postcode</c>); <c>Contacts/Contact</c> (Forename, Surname, Relationship,
/// Responsibility, Phones/Phone/PhoneNo, Email); the latest <c>Attendance/YearData</c> (SessionsPossible, SessionsAuthorised,
/// SessionsUnauthorised); and, where the school's system adds them, <c>Exclusions/Exclusion</c> (Category PERM or SUSP, Sessions).
/// The school's name comes from <c>Header/SourceSchool/SchoolName</c>. DTDs are refused and no external entity is ever resolved.
/// Errors name the element path (<c>CTfile/CTFpupilData/Pupil/DOB</c>).
/// </summary>
public static class CommonTransferFileReader
{
    private const string PupilPath = "CTfile/CTFpupilData/Pupil";

    private static readonly XmlReaderSettings Safe = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = 4 * 1024 * 1024,
    };

    public static Translation<ReferralRequest> Read(string xml, CtfReferralDetails details, DateOnly today)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Safe);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return Translation<ReferralRequest>.Failed("", $"is not well-formed XML (or declares a DTD): {e.Message}");
        }
        var root = document.Root!;
        if (root.Name.LocalName != "CTfile")
        {
            return Translation<ReferralRequest>.Failed(root.Name.LocalName, "must be a CTfile.");
        }
        var errors = new TranslationErrors();
        if (root.Element("Header") is null)
        {
            errors.Add("CTfile/Header", TranslationErrors.IsRequired);
        }
        var pupils = root.Element("CTFpupilData")?.Elements("Pupil").ToList() ?? [];
        if (pupils.Count != 1)
        {
            errors.Add(PupilPath, pupils.Count == 0 ? TranslationErrors.IsRequired : "must be one pupil: a referral is about one child.");
            return Translation<ReferralRequest>.Failed(errors.All.ToList());
        }
        var pupil = pupils[0];
        var upn = PupilReferralReader.Upn($"{PupilPath}/UPN", Text(pupil, "UPN"), errors);
        var child = CtfPupil.Child(pupil, PupilPath, today, errors);
        var parents = CtfPupil.Contacts(pupil, PupilPath, errors);
        var attendance = CtfPupil.Attendance(pupil, PupilPath, errors);
        var exclusions = CtfPupil.Exclusions(pupil, PupilPath, errors);
        var school = errors.Optional("CTfile/Header/SourceSchool/SchoolName", Text(root.Element("Header")?.Element("SourceSchool"), "SchoolName"),
            ReferralLimits.MaxSchool);
        var (reasons, risks) = SchoolFacts.Combine(details.Concerns, [], attendance, exclusions);
        if (reasons.Length == 0)
        {
            errors.Add($"{PupilPath}/Attendance", "is required when the school gives no concerns of its own.");
        }
        return errors.Result(() => new ReferralRequest(Contracts.Agency.Education, details.Practitioner, child! with { Upn = upn, School = school },
            parents, reasons, risks, [], details.Urgency));
    }

    public static string? Text(XElement? parent, string name) => parent?.Element(name)?.Value.Trim() is { Length: > 0 } v ? v : null;

    public static int? Whole(XElement? parent, string name, string path, TranslationErrors errors)
    {
        var text = Text(parent, name);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add($"{path}/{name}", "must be a whole number of 0 or more.");
            return null;
        }
        return value;
    }
}
