using Yisp.Contracts;
using Yisp.Referral.Api;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Referral.Domain;

/// <summary>Intake validation: every failure names its field, so one answer lists all of them.</summary>
public static class ReferralRules
{
    public const int MaxNameLength = 100;
    public const int MaxReasonsLength = 4000;
    private static readonly DateOnly EarliestDateOfBirth = new(1990, 1, 1);

    public static ValidationErrors Validate(CreateReferralRequest request, DateOnly today, out string postcode)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.ReferringAgency))
        {
            errors.Add("referringAgency", "is required.");
        }
        else if (!Agency.All.Contains(request.ReferringAgency))
        {
            errors.Add("referringAgency", $"must be one of: {string.Join(", ", Agency.All.Order())}.");
        }
        errors.Required("childGivenName", request.ChildGivenName, MaxNameLength);
        errors.Required("childFamilyName", request.ChildFamilyName, MaxNameLength);
        switch (request.ChildDateOfBirth)
        {
            case null:
                errors.Add("childDateOfBirth", "is required.");
                break;
            case { } dob when dob > today:
                errors.Add("childDateOfBirth", "must not be in the future.");
                break;
            case { } dob when dob < EarliestDateOfBirth:
                errors.Add("childDateOfBirth", $"must not be before {EarliestDateOfBirth:yyyy-MM-dd}.");
                break;
        }
        if (string.IsNullOrWhiteSpace(request.Postcode))
        {
            errors.Add("postcode", "is required.");
            postcode = "";
        }
        else if (!UkPostcode.TryNormalise(request.Postcode, out postcode))
        {
            errors.Add("postcode", "must be a UK postcode, such as SW1A 1AA.");
        }
        errors.Required("reasons", request.Reasons, MaxReasonsLength);
        return errors;
    }
}
