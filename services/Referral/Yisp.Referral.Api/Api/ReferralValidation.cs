using System.Text.RegularExpressions;
using Yisp.Contracts;
using Yisp.Contracts.Identifiers;
using Yisp.Referral.Catalogue;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Identifiers;
using Yisp.Referral.Domain.Screening;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Referral.Api;

/// <summary>Every request's validation for the referral API: each failure names its field (JSON path), so one answer lists them all.</summary>
public static partial class ReferralValidation
{
    public const int MaxName = 100;
    public const int MaxReasons = 4000;
    public const int MaxParentsCarers = 6;
    private static readonly DateOnly EarliestDateOfBirth = new(1990, 1, 1);

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[0-9 ()-]{7,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"^[A-Za-z0-9/ -]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    public static ValidationErrors Submission(ReferralSubmission s, DateOnly today, RiskFactorCatalogue catalogue, out ValidReferral? valid)
    {
        valid = null;
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(s.ReferringAgency))
        {
            errors.Add("referringAgency", "is required.");
        }
        else if (!Referrer.IsKnown(s.ReferringAgency))
        {
            errors.Add("referringAgency", $"must be one of: {string.Join(", ", Agency.All.Order())}, {Referrer.ParentCarer}, {Referrer.YoungPerson}.");
        }
        ValidatePractitioner(s, errors);
        var postcode = ValidateChild(s.Child, today, errors, out var child);
        ValidateParentsCarers(s.ParentsCarers, errors);
        errors.RequiredText("reasons", s.Reasons, MaxReasons);
        var risks = Codes("riskFactors", s.RiskFactors, 40, catalogue.Contains, "is not in the risk factor catalogue: the codes are listed at GET /api/referrals/risk-factors.", errors);
        var involved = Codes("agenciesInvolved", s.AgenciesInvolved, 8, Agency.All.Contains, $"is not a known agency: one of {string.Join(", ", Agency.All.Order())}.", errors);
        if (s.Urgency is not (null or Domain.Urgency.Routine or Domain.Urgency.Urgent))
        {
            errors.Add("urgency", $"must be {Domain.Urgency.Routine} or {Domain.Urgency.Urgent}.");
        }

        if (errors.IsEmpty)
        {
            valid = new ValidReferral(s.ReferringAgency!, s.Practitioner, child!, s.ParentsCarers ?? [], s.Reasons!.Trim(), postcode!,
                s.Child!.DateOfBirth!.Value, risks, involved, s.Urgency ?? Domain.Urgency.Routine);
        }
        return errors;
    }

    private static void ValidatePractitioner(ReferralSubmission s, ValidationErrors errors)
    {
        if (s.Practitioner is null)
        {
            if (s.ReferringAgency is { } agency && Referrer.IsAgency(agency))
            {
                errors.Add("practitioner", "is required when an agency refers.");
            }
            return;
        }
        errors.Required("practitioner.name", s.Practitioner.Name, MaxName);
        errors.Optional("practitioner.role", s.Practitioner.Role, MaxName);
        if (string.IsNullOrWhiteSpace(s.Practitioner.Email) && string.IsNullOrWhiteSpace(s.Practitioner.Phone))
        {
            errors.Add("practitioner", "needs an email or a phone number.");
        }
        Contact("practitioner", s.Practitioner.Email, s.Practitioner.Phone, errors);
    }

    private static string? ValidateChild(Child? child, DateOnly today, ValidationErrors errors, out Child? normalised)
    {
        normalised = null;
        if (child is null)
        {
            errors.Add("child", "is required.");
            return null;
        }
        errors.Required("child.givenName", child.GivenName, MaxName);
        errors.Required("child.familyName", child.FamilyName, MaxName);
        var others = child.OtherNames ?? [];
        if (others.Count > 5)
        {
            errors.Add("child.otherNames", "must list at most 5 names.");
        }
        for (var i = 0; i < others.Count; i++)
        {
            errors.Required($"child.otherNames[{i}]", others[i], MaxName);
        }
        DateOfBirth(child.DateOfBirth, today, errors);
        errors.Optional("child.sex", child.Sex, 50);
        errors.Optional("child.gender", child.Gender, 50);
        errors.Optional("child.school", child.School, 200);

        var postcode = ChildAddress(child.Address, errors);
        var (nhs, upn) = Identifiers(child.NhsNumber, child.Upn, errors);
        ReferenceField("child.policeReference", child.PoliceReference, errors);
        ReferenceField("child.yotReference", child.YotReference, errors);

        normalised = child with
        {
            GivenName = child.GivenName?.Trim(),
            FamilyName = child.FamilyName?.Trim(),
            NhsNumber = nhs,
            Upn = upn,
            Address = child.Address is null ? null : child.Address with { Postcode = postcode },
        };
        return postcode;
    }

    private static void DateOfBirth(DateOnly? dateOfBirth, DateOnly today, ValidationErrors errors)
    {
        switch (dateOfBirth)
        {
            case null:
                errors.Add("child.dateOfBirth", "is required.");
                break;
            case { } dob when dob > today:
                errors.Add("child.dateOfBirth", "must not be in the future.");
                break;
            case { } dob when dob < EarliestDateOfBirth:
                errors.Add("child.dateOfBirth", $"must not be before {EarliestDateOfBirth:yyyy-MM-dd}.");
                break;
        }
    }

    /// <returns>The normalised postcode, or null when the address is missing or wrong.</returns>
    private static string? ChildAddress(Address? address, ValidationErrors errors)
    {
        if (address is null)
        {
            errors.Add("child.address", "is required.");
            return null;
        }
        errors.Required("child.address.line1", address.Line1, 200);
        errors.Optional("child.address.line2", address.Line2, 200);
        errors.Optional("child.address.town", address.Town, 100);
        if (string.IsNullOrWhiteSpace(address.Postcode))
        {
            errors.Add("child.address.postcode", "is required.");
        }
        else if (UkPostcode.TryNormalise(address.Postcode, out var postcode))
        {
            return postcode;
        }
        else
        {
            errors.Add("child.address.postcode", "must be a UK postcode, such as SW1A 1AA.");
        }
        return null;
    }

    /// <returns>The NHS number and UPN in their normal form (null when not given or wrong).</returns>
    private static (string? Nhs, string? Upn) Identifiers(string? nhsNumber, string? upn, ValidationErrors errors)
    {
        string? nhs = null, pupil = null;
        if (nhsNumber is not null && !NhsNumber.TryNormalise(nhsNumber, out nhs))
        {
            errors.Add("child.nhsNumber", "must be 10 digits with a valid check digit.");
        }
        if (upn is not null && !UniquePupilNumber.TryNormalise(upn, out pupil))
        {
            errors.Add("child.upn", "must be a 13-character Unique Pupil Number with a valid check letter.");
        }
        return (nhs, pupil);
    }

    /// <summary>A coordinator's correction: each detail given is checked as a new referral's is; at least one, and a reason.</summary>
    public static ValidationErrors IdentityCorrection(IdentityCorrectionRequest body, DateOnly today, out ValidCorrection? valid)
    {
        valid = null;
        var errors = new ValidationErrors();
        var child = body.Child;
        string? postcode = null, nhs = null, upn = null;
        if (child is null or { GivenName: null, FamilyName: null, DateOfBirth: null, NhsNumber: null, Upn: null, Address: null })
        {
            errors.Add("child", "must give at least one corrected detail: givenName, familyName, dateOfBirth, nhsNumber, upn or address.");
        }
        else
        {
            if (child.GivenName is not null)
            {
                errors.Required("child.givenName", child.GivenName, MaxName);
            }
            if (child.FamilyName is not null)
            {
                errors.Required("child.familyName", child.FamilyName, MaxName);
            }
            if (child.DateOfBirth is not null)
            {
                DateOfBirth(child.DateOfBirth, today, errors);
            }
            if (child.Address is not null)
            {
                postcode = ChildAddress(child.Address, errors);
            }
            (nhs, upn) = Identifiers(child.NhsNumber, child.Upn, errors);
        }
        errors.RequiredText("reason", body.Reason, 1000);
        if (errors.IsEmpty)
        {
            valid = new ValidCorrection(child! with
            {
                GivenName = child!.GivenName?.Trim(),
                FamilyName = child.FamilyName?.Trim(),
                NhsNumber = nhs,
                Upn = upn,
                Address = child.Address is null ? null : child.Address with { Postcode = postcode },
            }, body.Reason!.Trim());
        }
        return errors;
    }

    private static void ValidateParentsCarers(IReadOnlyList<ParentCarer>? parents, ValidationErrors errors)
    {
        var list = parents ?? [];
        if (list.Count > MaxParentsCarers)
        {
            errors.Add("parentsCarers", $"must list at most {MaxParentsCarers} people.");
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                errors.Add($"parentsCarers[{i}]", "is required.");
                continue;
            }
            errors.Required($"parentsCarers[{i}].name", list[i].Name, MaxName);
            errors.Optional($"parentsCarers[{i}].relationship", list[i].Relationship, 50);
            Contact($"parentsCarers[{i}]", list[i].Email, list[i].Phone, errors);
        }
    }

    private static IReadOnlyList<string> Codes(string field, IReadOnlyList<string>? codes, int max,
        Func<string, bool> known, string unknownMessage, ValidationErrors errors)
    {
        var list = codes ?? [];
        if (list.Count > max)
        {
            errors.Add(field, $"must list at most {max} codes.");
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrEmpty(list[i]) || !known(list[i]))
            {
                errors.Add($"{field}[{i}]", unknownMessage);
            }
            else if (list.Take(i).Contains(list[i]))
            {
                errors.Add($"{field}[{i}]", "is listed twice.");
            }
        }
        return list;
    }

    private static void Contact(string prefix, string? email, string? phone, ValidationErrors errors)
    {
        if (email is not null && (email.Length > 254 || !Email().IsMatch(email)))
        {
            errors.Add($"{prefix}.email", "must be an email address.");
        }
        if (phone is not null && !Phone().IsMatch(phone))
        {
            errors.Add($"{prefix}.phone", "must be a phone number of 7 to 20 digits, spaces or + ( ) -.");
        }
    }

    private static void ReferenceField(string field, string? value, ValidationErrors errors)
    {
        if (value is not null && !Reference().IsMatch(value))
        {
            errors.Add(field, "must be 1 to 40 letters, digits, spaces, '/' or '-'.");
        }
    }

    public const int MaxPageSize = 100;

    public static ValidationErrors Search(ReferralSearch q, out ReferralQuery query)
    {
        var errors = new ValidationErrors();
        var status = q.Status is { Length: > 0 } ? q.Status : null;
        if (status is not null && !ReferralStatus.All.Contains(status))
        {
            errors.Add("status", $"must be one of: {string.Join(", ", ReferralStatus.All)}.");
        }
        var agency = q.Agency is { Length: > 0 } ? q.Agency : null;
        if (agency is not null && !Referrer.IsKnown(agency))
        {
            errors.Add("agency", $"must be one of: {string.Join(", ", Agency.All.Order())}, {Referrer.ParentCarer}, {Referrer.YoungPerson}.");
        }
        var from = errors.Instant("receivedFrom", q.ReceivedFrom);
        var to = errors.Instant("receivedTo", q.ReceivedTo);
        var page = (int)errors.Number("page", q.Page, 1, 1, int.MaxValue / MaxPageSize);
        var pageSize = (int)errors.Number("pageSize", q.PageSize, 20, 1, MaxPageSize);
        query = new ReferralQuery(status, agency, from, to, (page - 1) * pageSize, pageSize);
        return errors;
    }

    public static ValidationErrors Withdrawal(WithdrawRequest? body) => new ValidationErrors().OptionalText("reason", body?.Reason, 1000);

    public static ValidationErrors ScreeningOverride(ScreeningOverrideRequest body)
    {
        var errors = new ValidationErrors();
        if (body.Outcome is not (ScreeningOutcome.Eligible or ScreeningOutcome.Ineligible))
        {
            errors.Add("outcome", $"must be {ScreeningOutcome.Eligible} or {ScreeningOutcome.Ineligible}.");
        }
        return errors.RequiredText("reason", body.Reason, 900);
    }

    public static ValidationErrors MatchDecision(MatchDecisionRequest body)
    {
        var errors = new ValidationErrors();
        if (body.Decision is not ("confirm" or "reject"))
        {
            errors.Add("decision", "must be confirm or reject.");
        }
        return errors.OptionalText("reason", body.Reason, 1000);
    }

}
