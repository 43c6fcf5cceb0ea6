namespace Yisp.Adapters.ChildrensSocialCare.Translation;

// A referral as the social care case system exports it (JSON, camelCase). Every property is nullable so a missing one
// is reported by its path rather than failing the whole message.

/// <param name="ReferralReference">The case system's own id for the referral: sending it again makes nothing twice.</param>
/// <param name="AssessmentSummary">Why the child is referred to early help (the social worker's words).</param>
/// <param name="Priority">routine or urgent.</param>
public sealed record CaseSystemReferral(
    string? ReferralReference,
    CaseSystemChild? Child,
    CaseSystemWorker? SocialWorker,
    IReadOnlyList<CaseSystemFamilyMember?>? FamilyMembers,
    string? AssessmentSummary,
    IReadOnlyList<string?>? RiskFactors,
    string? Priority);

public sealed record CaseSystemChild(string? FirstName, string? LastName, string? DateOfBirth, string? Gender, CaseSystemAddress? Address,
    string? School);

public sealed record CaseSystemAddress(string? Line1, string? Line2, string? Town, string? Postcode);

public sealed record CaseSystemWorker(string? Name, string? Team, string? Email, string? Phone);

public sealed record CaseSystemFamilyMember(string? Name, string? Relationship, bool? ParentalResponsibility, string? Phone, string? Email);

/// <summary>The case system's report that a child on a YISP case is now open to statutory social care.</summary>
/// <param name="Reference">The case system's own id for the report.</param>
/// <param name="Category">The case system's category: <c>CIN</c> (child in need, section 17) or <c>CP</c> (child protection, section 47).</param>
public sealed record CaseSystemStatutoryStatus(Guid? CaseId, string? Reference, string? Category);
