using System.Text.Json;
using System.Text.Json.Serialization;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;
using Yisp.Contracts.Interventions;

namespace Yisp.Adapters.ChildrensSocialCare.Translation;

/// <summary>
/// The case system's JSON → the platform's requests. Errors name JSON paths (<c>child.dateOfBirth</c>,
/// <c>familyMembers[1].email</c>); unknown properties are refused, as the platform does.
/// </summary>
public static class CaseSystemReader
{
    public const int MaxReference = 100;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The case system's categories of statutory involvement → the platform's codes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Categories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["CIN"] = StatutoryInvolvement.ChildInNeed,
        ["CP"] = StatutoryInvolvement.ChildProtection,
    };

    public static (Translation<ReferralRequest> Referral, string? Reference) ReadReferral(string json, DateOnly today)
    {
        if (Deserialize<CaseSystemReferral>(json, out var error) is not { } body)
        {
            return (Translation<ReferralRequest>.Failed([error!]), null);
        }
        var errors = new TranslationErrors();
        var reference = errors.Required("referralReference", body.ReferralReference, MaxReference);
        return (Translate(body, today, errors), reference);
    }

    public static Translation<CaseReport> ReadStatutoryStatus(string json)
    {
        if (Deserialize<CaseSystemStatutoryStatus>(json, out var error) is not { } body)
        {
            return Translation<CaseReport>.Failed([error!]);
        }
        var errors = new TranslationErrors();
        if (body.CaseId is not { } caseId || caseId == Guid.Empty)
        {
            errors.Add("caseId", "is required: the YISP case id (from your feed or the shared cases list).");
        }
        var reference = errors.Required("reference", body.Reference, MaxReference);
        if (body.Category is null || !Categories.TryGetValue(body.Category.Trim(), out var code))
        {
            errors.Add("category", $"must be one of: {string.Join(", ", Categories.Keys)}.");
            code = null;
        }
        return errors.Result(() => new CaseReport(body.CaseId!.Value, reference!, code!));
    }

    private static Translation<ReferralRequest> Translate(CaseSystemReferral body, DateOnly today, TranslationErrors errors)
    {
        var child = Child(body.Child, today, errors);
        var worker = Worker(body.SocialWorker, errors);
        var family = Family(body.FamilyMembers ?? [], errors);
        var reasons = errors.OptionalText("assessmentSummary", body.AssessmentSummary, ReferralLimits.MaxReasons);
        if (reasons is null && string.IsNullOrWhiteSpace(body.AssessmentSummary))
        {
            errors.Add("assessmentSummary", TranslationErrors.IsRequired);
        }
        var risks = (body.RiskFactors ?? []).Select((code, i) =>
        {
            if (code is null || !RiskFactorCodes.All.Contains(code))
            {
                errors.Add($"riskFactors[{i}]", "is not in the platform's risk factor catalogue (GET /api/referrals/risk-factors).");
                return null;
            }
            return code;
        }).OfType<string>().Distinct().ToList();
        var urgency = body.Priority?.Trim().ToLowerInvariant() ?? ReferralUrgency.Routine;
        if (urgency is not (ReferralUrgency.Routine or ReferralUrgency.Urgent))
        {
            errors.Add("priority", $"must be {ReferralUrgency.Routine} or {ReferralUrgency.Urgent}.");
        }
        return errors.Result(() => new ReferralRequest(Contracts.Agency.ChildrensSocialCare, worker, child!, family, reasons!, risks, [], urgency));
    }

    private static ReferralChild? Child(CaseSystemChild? child, DateOnly today, TranslationErrors errors)
    {
        if (child is null)
        {
            errors.Add("child", TranslationErrors.IsRequired);
            return null;
        }
        var given = errors.Required("child.firstName", child.FirstName, ReferralLimits.MaxName);
        var family = errors.Required("child.lastName", child.LastName, ReferralLimits.MaxName);
        var born = errors.DateOfBirth("child.dateOfBirth", child.DateOfBirth, today);
        var gender = errors.Optional("child.gender", child.Gender, ReferralLimits.MaxSexOrGender);
        var school = errors.Optional("child.school", child.School, ReferralLimits.MaxSchool);
        var address = Address(child.Address, errors);
        return given is null || family is null || born is null || address is null ? null
            : new ReferralChild(given, family, [], born.Value, null, gender, address, school, null, null, null, null);
    }

    private static ReferralAddress? Address(CaseSystemAddress? address, TranslationErrors errors)
    {
        if (address is null)
        {
            errors.Add("child.address", TranslationErrors.IsRequired);
            return null;
        }
        var line1 = errors.Required("child.address.line1", address.Line1, ReferralLimits.MaxAddressLine);
        var line2 = errors.Optional("child.address.line2", address.Line2, ReferralLimits.MaxAddressLine);
        var town = errors.Optional("child.address.town", address.Town, ReferralLimits.MaxTown);
        var postcode = errors.Postcode("child.address.postcode", address.Postcode);
        return line1 is null || postcode is null ? null : new ReferralAddress(line1, line2, town, postcode);
    }

    private static ReferralPractitioner? Worker(CaseSystemWorker? worker, TranslationErrors errors)
    {
        if (worker is null)
        {
            errors.Add("socialWorker", TranslationErrors.IsRequired);
            return null;
        }
        var name = errors.Required("socialWorker.name", worker.Name, ReferralLimits.MaxName);
        var team = errors.Optional("socialWorker.team", worker.Team, ReferralLimits.MaxName);
        var email = errors.Email("socialWorker.email", worker.Email);
        var phone = errors.Phone("socialWorker.phone", worker.Phone);
        if (string.IsNullOrWhiteSpace(worker.Email) && string.IsNullOrWhiteSpace(worker.Phone))
        {
            errors.Add("socialWorker", "needs an email or a phone number.");
        }
        return name is null ? null : new ReferralPractitioner(name, team is null ? "Social worker" : $"Social worker, {team}", email, phone);
    }

    private static List<ReferralParentCarer> Family(IReadOnlyList<CaseSystemFamilyMember?> members, TranslationErrors errors)
    {
        if (members.Count > ReferralLimits.MaxParentsCarers)
        {
            errors.Add("familyMembers", $"must list at most {ReferralLimits.MaxParentsCarers} people.");
        }
        var people = new List<ReferralParentCarer>();
        foreach (var (member, i) in members.Select((m, i) => (m, i)))
        {
            var path = $"familyMembers[{i}]";
            var name = errors.Required($"{path}.name", member?.Name, ReferralLimits.MaxName);
            var relationship = errors.Optional($"{path}.relationship", member?.Relationship, ReferralLimits.MaxRelationship);
            var phone = errors.Phone($"{path}.phone", member?.Phone);
            var email = errors.Email($"{path}.email", member?.Email);
            if (name is not null)
            {
                people.Add(new ReferralParentCarer(name, relationship, member!.ParentalResponsibility, phone, email));
            }
        }
        return people;
    }

    private static T? Deserialize<T>(string json, out TranslationError? error) where T : class
    {
        try
        {
            error = null;
            var value = JsonSerializer.Deserialize<T>(json, Options);
            error = value is null ? new TranslationError("", "must be a JSON object.") : null;
            return value;
        }
        catch (JsonException e)
        {
            error = new TranslationError(e.Path is null or "$" ? "" : e.Path.TrimStart('$', '.'), $"is not valid JSON here: {e.Message}");
            return null;
        }
    }
}
