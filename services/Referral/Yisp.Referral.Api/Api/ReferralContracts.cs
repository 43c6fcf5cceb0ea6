using Microsoft.AspNetCore.Mvc;
using Yisp.Referral.Application;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;

namespace Yisp.Referral.Api;

/// <summary>The body of POST /api/referrals. Every property is optional here so validation can name each missing one.</summary>
public sealed record ReferralSubmission(
    string? ReferringAgency,
    Practitioner? Practitioner,
    Child? Child,
    IReadOnlyList<ParentCarer>? ParentsCarers,
    string? Reasons,
    IReadOnlyList<string>? RiskFactors,
    IReadOnlyList<string>? AgenciesInvolved,
    string? Urgency);

/// <summary>The query of GET /api/referrals; values are read as text so a bad one is a 400 naming it.</summary>
public sealed record ReferralSearch(
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "agency")] string? Agency,
    [property: FromQuery(Name = "receivedFrom")] string? ReceivedFrom,
    [property: FromQuery(Name = "receivedTo")] string? ReceivedTo,
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "pageSize")] string? PageSize);

public sealed record ScreeningView(string Outcome, IReadOnlyList<string> Reasons, bool Overridden);

public sealed record MatchView(string State, Guid? CandidateCaseId);

/// <summary>A referral as its API returns it: the stored facts and the opened identity.</summary>
public sealed record ReferralResponse(
    Guid Id,
    Guid? CaseId,
    string Status,
    string? CloseReason,
    string ReferringAgency,
    string Urgency,
    ScreeningView Screening,
    MatchView Match,
    IReadOnlyList<string> RiskFactors,
    IReadOnlyList<string> AgenciesInvolved,
    Practitioner? Practitioner,
    Child? Child,
    IReadOnlyList<ParentCarer>? ParentsCarers,
    string? Reasons,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ErasedAt,
    int Version)
{
    /// <param name="identity">Null once the referral's identity was erased: ids, codes and dates remain.</param>
    public static ReferralResponse From(ReferralRecord r, StoredIdentity? identity) => new(
        r.Id, r.CaseId, r.Status, r.CloseReason, r.ReferringAgency, r.Urgency,
        new ScreeningView(r.ScreeningOutcome, r.ScreeningReasonList, r.ScreeningOverridden),
        new MatchView(r.MatchState, r.CandidateCaseId),
        r.RiskFactorList, r.AgenciesInvolvedList,
        identity?.Practitioner, identity?.Child, identity?.ParentsCarers, identity?.Reasons,
        r.ReceivedAt, r.UpdatedAt, r.ErasedAt, r.Version);
}

public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Items, int Page, int PageSize, bool HasMore);

public sealed record ScreeningOverrideRequest(string? Outcome, string? Reason);

public sealed record MatchDecisionRequest(string? Decision, string? Reason);

public sealed record WithdrawRequest(string? Reason);

/// <summary>The body of POST /api/referrals/{id}/identity-correction: the corrected details (at least one) and why.</summary>
public sealed record IdentityCorrectionRequest(ChildCorrection? Child, string? Reason);

/// <summary>A referral's corrections, oldest first, each with the values it replaced.</summary>
public sealed record IdentityCorrectionHistory(Guid ReferralId, IReadOnlyList<OpenedCorrection> Corrections);
