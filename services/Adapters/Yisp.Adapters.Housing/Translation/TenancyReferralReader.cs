using System.Text.RegularExpressions;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Housing.Translation;

/// <summary>
/// A tenancy referral → the platform's referral from housing: the tenancy's address is the child's, the household its
/// parents or carers, the incidents (category and date, then the summaries) and the officer's concerns its reasons, the
/// incidents' categories and a tenancy at risk (high-turnover-housing) its risk factors. Pure code.
/// </summary>
public static partial class TenancyReferralReader
{
    public const int MaxIncidents = 50;
    public const int MaxSummary = 500;

    [GeneratedRegex(@"^[A-Za-z0-9/ -]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceFormat();

    public static Translation<Keyed<ReferralRequest>> Read(TenancyReferralMessage message, DateOnly today)
    {
        var errors = new TranslationErrors();
        var id = errors.Required("id", message.Id, ProgressTarget.MaxId);
        var tenancy = errors.Required("tenancy.reference", message.Tenancy?.Reference, 40);
        if (tenancy is not null && !ReferenceFormat().IsMatch(tenancy))
        {
            errors.Add("tenancy.reference", "must be 1 to 40 letters, digits, spaces, '/' or '-'.");
        }
        var address = message.Tenancy?.Address;
        var line1 = errors.Required("tenancy.address.line1", address?.Line1, ReferralLimits.MaxAddressLine);
        var line2 = errors.Optional("tenancy.address.line2", address?.Line2, ReferralLimits.MaxAddressLine);
        var town = errors.Optional("tenancy.address.town", address?.Town, ReferralLimits.MaxTown);
        var postcode = errors.Postcode("tenancy.address.postcode", address?.Postcode);
        var given = errors.Required("child.givenName", message.Child?.GivenName, ReferralLimits.MaxName);
        var family = errors.Required("child.familyName", message.Child?.FamilyName, ReferralLimits.MaxName);
        var dateOfBirth = errors.DateOfBirth("child.dateOfBirth", message.Child?.DateOfBirth, today);
        var sex = errors.Optional("child.sex", message.Child?.Sex, ReferralLimits.MaxSexOrGender);
        var household = Household(errors, message.Household ?? []);
        var officer = Officer(errors, message.Officer);
        var (incidents, incidentRisks) = Incidents(errors, message.Incidents ?? [], today);
        var concerns = errors.OptionalText("concerns", message.Concerns, ReferralLimits.MaxReasons - 1500);
        var risks = errors.Codes("riskFactors", message.RiskFactors ?? [], RiskFactorCodes.All,
            "is not in the risk factor catalogue: the codes are listed at GET /api/referrals/risk-factors.");
        var involved = errors.Codes("agenciesInvolved", message.AgenciesInvolved ?? [], Contracts.Agency.All, Contracts.Agency.MustBeOne);
        var urgency = message.Urgency ?? ReferralUrgency.Routine;
        if (urgency is not (ReferralUrgency.Routine or ReferralUrgency.Urgent))
        {
            errors.Add("urgency", "must be routine or urgent.");
        }
        return errors.Result(() => new Keyed<ReferralRequest>($"tenancy-referral:{id}", new ReferralRequest(
            Contracts.Agency.Housing,
            officer,
            new ReferralChild(given!, family!, [], dateOfBirth!.Value, sex, null, new ReferralAddress(line1!, line2, town, postcode!), null, null, null, null, null),
            household,
            string.Join('\n', incidents.Prepend($"Tenancy {tenancy}: anti-social behaviour reported.").Append(concerns).OfType<string>()),
            [.. incidentRisks.Concat(message.TenancyAtRisk == true ? [RiskFactorCodes.HighTurnoverHousing] : []).Concat(risks).Distinct(StringComparer.Ordinal)],
            [.. involved.Where(a => a != Contracts.Agency.Housing).Distinct(StringComparer.Ordinal)],
            urgency)));
    }

    private static List<ReferralParentCarer> Household(TranslationErrors errors, IReadOnlyList<HouseholdMember?> members)
    {
        if (members.Count > ReferralLimits.MaxParentsCarers)
        {
            errors.Add("household", $"must list at most {ReferralLimits.MaxParentsCarers} people.");
        }
        var carers = new List<ReferralParentCarer>();
        for (var i = 0; i < Math.Min(members.Count, ReferralLimits.MaxParentsCarers); i++)
        {
            var path = $"household[{i}]";
            var member = members[i];
            var name = errors.Required($"{path}.name", member?.Name, ReferralLimits.MaxName);
            var relationship = errors.Optional($"{path}.relationship", member?.Relationship, ReferralLimits.MaxRelationship);
            var phone = errors.Phone($"{path}.phone", member?.Phone);
            var email = errors.Email($"{path}.email", member?.Email);
            if (name is not null)
            {
                carers.Add(new ReferralParentCarer(name, relationship, null, phone, email));
            }
        }
        return carers;
    }

    private static ReferralPractitioner? Officer(TranslationErrors errors, HousingOfficer? officer)
    {
        var name = errors.Required("officer.name", officer?.Name, ReferralLimits.MaxName);
        var role = errors.Optional("officer.role", officer?.Role, ReferralLimits.MaxName);
        var email = errors.Email("officer.email", officer?.Email);
        var phone = errors.Phone("officer.phone", officer?.Phone);
        if (string.IsNullOrWhiteSpace(officer?.Email) && string.IsNullOrWhiteSpace(officer?.Phone))
        {
            errors.Add("officer.email", "is required when there is no officer.phone.");
        }
        return name is null ? null : new ReferralPractitioner(name, role ?? "Housing officer", email, phone);
    }

    private static (List<string> Lines, List<string> Risks) Incidents(TranslationErrors errors, IReadOnlyList<AsbIncident?> incidents, DateOnly today)
    {
        if (incidents.Count is 0 or > MaxIncidents)
        {
            errors.Add("incidents", $"must list 1 to {MaxIncidents} incidents.");
        }
        var (lines, risks) = (new List<string>(), new List<string>());
        for (var i = 0; i < Math.Min(incidents.Count, MaxIncidents); i++)
        {
            var path = $"incidents[{i}]";
            var date = errors.PastDate($"{path}.date", incidents[i]?.Date, today);
            var summary = errors.OptionalText($"{path}.summary", incidents[i]?.Summary, MaxSummary);
            if (incidents[i]?.Category is not { } code || !AsbCategories.All.TryGetValue(code, out var category))
            {
                errors.Add($"{path}.category", $"must be one of: {AsbCategories.Listed}.");
                continue;
            }
            lines.Add(summary is null ? $"{category.Label} on {date:yyyy-MM-dd}." : $"{category.Label} on {date:yyyy-MM-dd}: {summary}");
            if (category.RiskFactor is { } risk)
            {
                risks.Add(risk);
            }
        }
        return (lines, risks);
    }
}
