namespace Yisp.Adapters.Platform;

// The body of the platform's POST /api/referrals as an adapter sends it, serialised with JsonSerializerOptions.Web
// (camelCase; DateOnly as yyyy-MM-dd). Mirrors the referral service's ReferralSubmission without referencing it.

public sealed record ReferralRequest(
    string ReferringAgency,
    ReferralPractitioner? Practitioner,
    ReferralChild Child,
    IReadOnlyList<ReferralParentCarer> ParentsCarers,
    string Reasons,
    IReadOnlyList<string> RiskFactors,
    IReadOnlyList<string> AgenciesInvolved,
    string Urgency);

public sealed record ReferralPractitioner(string Name, string? Role, string? Email, string? Phone);

public sealed record ReferralChild(
    string GivenName,
    string FamilyName,
    IReadOnlyList<string> OtherNames,
    DateOnly DateOfBirth,
    string? Sex,
    string? Gender,
    ReferralAddress Address,
    string? School,
    string? NhsNumber,
    string? Upn,
    string? PoliceReference,
    string? YotReference);

public sealed record ReferralAddress(string Line1, string? Line2, string? Town, string Postcode);

public sealed record ReferralParentCarer(string Name, string? Relationship, bool? HasParentalResponsibility, string? Phone, string? Email);

public static class ReferralUrgency
{
    public const string Routine = "routine";
    public const string Urgent = "urgent";
}

/// <summary>The platform's risk factor catalogue (GET /api/referrals/risk-factors), for adapters that map their agency's facts to it.</summary>
public static class RiskFactorCodes
{
    public const string FamilyConflict = "family-conflict";
    public const string PoorParentalSupervision = "poor-parental-supervision";
    public const string FamilyCriminality = "family-criminality";
    public const string ParentalAttitudesCondone = "parental-attitudes-condone";
    public const string DomesticAbuse = "domestic-abuse";
    public const string ParentalSubstanceMisuse = "parental-substance-misuse";
    public const string BereavementOrLoss = "bereavement-or-loss";
    public const string LowAchievement = "low-achievement";
    public const string PersistentAbsence = "persistent-absence";
    public const string Exclusion = "exclusion";
    public const string AggressiveBehaviourAtSchool = "aggressive-behaviour-at-school";
    public const string LackOfCommitmentToSchool = "lack-of-commitment-to-school";
    public const string UnmetSpecialEducationalNeeds = "unmet-special-educational-needs";
    public const string DisadvantagedNeighbourhood = "disadvantaged-neighbourhood";
    public const string CommunityDisorganisation = "community-disorganisation";
    public const string AvailabilityOfDrugs = "availability-of-drugs";
    public const string HighTurnoverHousing = "high-turnover-housing";
    public const string ExploitationRisk = "exploitation-risk";
    public const string HyperactivityImpulsivity = "hyperactivity-impulsivity";
    public const string LowIntelligenceCognitiveImpairment = "low-intelligence-cognitive-impairment";
    public const string AlienationLackOfSocialCommitment = "alienation-lack-of-social-commitment";
    public const string AttitudesCondoneOffending = "attitudes-condone-offending";
    public const string EarlyInvolvementInCrime = "early-involvement-in-crime";
    public const string FriendsInvolvedInCrime = "friends-involved-in-crime";
    public const string SubstanceMisuse = "substance-misuse";
    public const string MentalHealthConcerns = "mental-health-concerns";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        FamilyConflict,
        PoorParentalSupervision,
        FamilyCriminality,
        ParentalAttitudesCondone,
        DomesticAbuse,
        ParentalSubstanceMisuse,
        BereavementOrLoss,
        LowAchievement,
        PersistentAbsence,
        Exclusion,
        AggressiveBehaviourAtSchool,
        LackOfCommitmentToSchool,
        UnmetSpecialEducationalNeeds,
        DisadvantagedNeighbourhood,
        CommunityDisorganisation,
        AvailabilityOfDrugs,
        HighTurnoverHousing,
        ExploitationRisk,
        HyperactivityImpulsivity,
        LowIntelligenceCognitiveImpairment,
        AlienationLackOfSocialCommitment,
        AttitudesCondoneOffending,
        EarlyInvolvementInCrime,
        FriendsInvolvedInCrime,
        SubstanceMisuse,
        MentalHealthConcerns,
    };
}
