namespace Yisp.Adapters.Education.Translation;

// A school system's referral of a pupil (JSON, camelCase). Every property is optional here so the reader names each missing one.

public sealed record PupilReferral(
    string? Upn,
    PupilDetails? Pupil,
    string? School,
    PupilReferrer? Referrer,
    IReadOnlyList<PupilContact>? Contacts,
    PupilAttendance? Attendance,
    PupilExclusions? Exclusions,
    string? Concerns,
    IReadOnlyList<string>? RiskFactors,
    string? Urgency);

public sealed record PupilDetails(string? Forename, string? Surname, IReadOnlyList<string>? MiddleNames, string? DateOfBirth, string? Sex,
    PupilAddress? Address);

public sealed record PupilAddress(string? Line1, string? Line2, string? Town, string? Postcode);

public sealed record PupilReferrer(string? Name, string? Role, string? Email, string? Phone);

public sealed record PupilContact(string? Name, string? Relationship, bool? ParentalResponsibility, string? Phone, string? Email);

/// <param name="Percentage">Attendance this school year, 0 to 100.</param>
public sealed record PupilAttendance(decimal? Percentage, int? SessionsMissed);

/// <param name="Count">Suspensions and permanent exclusions this school year.</param>
public sealed record PupilExclusions(int? Count, decimal? SuspensionDays);
