using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Contracts.Identifiers;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Application;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Matching;
using Yisp.Referral.Domain.Privacy;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Referral.Api;

/// <summary>How a data protection officer names the child: exactly one of these.</summary>
public sealed record SubjectAccessQuery(string? NhsNumber, string? Upn, Guid? ReferralId, Guid? CaseId);

/// <summary>Everything the referral service holds about one child: its referrals (identity opened), who accessed them, and corrections.</summary>
/// <param name="CaseIds">The child's cases (episodes), which the other services answer for.</param>
/// <param name="Corrections">Each corrected referral's history: the values a correction replaced, and why.</param>
/// <param name="ForReview">What the data protection officer reviews before release: third parties' data the answer still holds.</param>
public sealed record ReferralSubjectAccess(IReadOnlyList<Guid> CaseIds, IReadOnlyList<ReferralResponse> Referrals, IReadOnlyList<RecordAccess> Accesses,
    IReadOnlyList<IdentityCorrectionHistory> Corrections, IReadOnlyList<string> ForReview);

/// <summary>
/// The referral service's answer to a subject access request: it finds the child (by NHS number or UPN through the match keys
/// of open and closed cases, or by a referral or case id) and opens what it holds. The gateway gathers the other services' answers.
/// </summary>
public static class SubjectAccessApi
{
    private static readonly string[] ForReview =
    [
        "Practitioners' contact details are left out (name and role kept).",
        "Parents' and carers' details are theirs as well as the child's; the referral's reasons may name other people: review before release.",
        "Corrections name the coordinator who made them by user name.",
    ];

    public static RouteHandlerBuilder MapSubjectAccess(this RouteGroupBuilder referrals) =>
        referrals.MapPost("/subject-access", AnswerAsync).Accepts<SubjectAccessQuery>("application/json")
            .RequireRole(PlatformRoles.DataProtectionOfficer).Audited(ReferralsApi.Resource, "subject-access")
            .Produces<ReferralSubjectAccess>().ProducesValidationProblem()
            .WithSummary("Everything held about a child (data protection officer)")
            .WithDescription("For a subject access request: the child named by exactly one of `nhsNumber`, `upn`, `referralId` or `caseId`. " +
                "Answers every referral of the child's cases with its identity opened (practitioners' contact details left out), the case ids " +
                "the other services answer for, every recorded access to those referrals, and each correction of the child's details (with the " +
                "values it replaced). Identifiers go in the body, never in a URL. Data protection officers only (403 otherwise); each referral read is audited. No referral found is an empty answer, not a 404.");

    private static async Task<Results<Ok<ReferralSubjectAccess>, ProblemHttpResult>> AnswerAsync(HttpContext http, ReferralStore store,
        MatchKeyHasher hasher, IdentityProtector protector, IdentityCorrections corrections, UnitOfWorkFactory unitsOfWork, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var (query, problem) = await JsonBody.ReadAsync<SubjectAccessQuery>(http.Request, 4096, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (Validate(query!, out var key) is { } bad)
        {
            return bad;
        }
        var referrals = new List<ReferralRecord>();
        await using (var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken))
        {
            IReadOnlyList<Guid> cases = key is not null
                ? await store.CasesOfKeyAsync(unitOfWork, hasher.Key(key.Value.Type, key.Value.Value), cancellationToken)
                : query!.CaseId is { } named ? [named] : [];
            foreach (var caseId in cases)
            {
                referrals.AddRange(await store.FindByCaseAsync(unitOfWork, caseId, cancellationToken));
            }
            if (query!.ReferralId is { } referralId && await store.FindAsync(referralId, cancellationToken) is { } referral)
            {
                referrals.AddRange(referral.CaseId is { } itsCase ? await store.FindByCaseAsync(unitOfWork, itsCase, cancellationToken) : [referral]);
            }
        }
        foreach (var referral in referrals)
        {
            http.Audit().Listed.Add((referral.Id.ToString(), referral.ReferringAgency));
        }
        var ordered = referrals.OrderBy(r => r.ReceivedAt).ToList();
        var corrected = new List<IdentityCorrectionHistory>();
        foreach (var referral in ordered)
        {
            if (await corrections.HistoryAsync(referral, cancellationToken) is { Count: > 0 } history)
            {
                corrected.Add(new IdentityCorrectionHistory(referral.Id, history));
            }
        }
        var views = ordered.Select(r => WithoutPractitionerContacts(ReferralResponse.From(r, StoredIdentity.Open(r, protector))));
        return TypedResults.Ok(new ReferralSubjectAccess([.. referrals.Select(r => r.CaseId).OfType<Guid>().Distinct()], [.. views],
            await audit.AccessesAsync(referrals.Select(r => r.Id.ToString()), cancellationToken), corrected, ForReview));
    }

    private static ProblemHttpResult? Validate(SubjectAccessQuery query, out (string Type, string Value)? key)
    {
        key = null;
        var errors = new ValidationErrors();
        var named = new object?[] { query.NhsNumber, query.Upn, query.ReferralId, query.CaseId }.Count(v => v is not null);
        if (named != 1)
        {
            return errors.Add("nhsNumber", "name the child by exactly one of nhsNumber, upn, referralId or caseId.").ToProblem();
        }
        if (query.NhsNumber is not null)
        {
            if (!NhsNumber.TryNormalise(query.NhsNumber, out var nhs))
            {
                return errors.Add("nhsNumber", "must be 10 digits with a valid check digit.").ToProblem();
            }
            key = (MatchKeyType.NhsNumber, nhs);
        }
        else if (query.Upn is not null)
        {
            if (!UniquePupilNumber.TryNormalise(query.Upn, out var upn))
            {
                return errors.Add("upn", "must be a 13-character Unique Pupil Number with a valid check letter.").ToProblem();
            }
            key = (MatchKeyType.Upn, upn);
        }
        return null;
    }

    private static ReferralResponse WithoutPractitionerContacts(ReferralResponse referral) =>
        referral.Practitioner is null ? referral : referral with { Practitioner = referral.Practitioner with { Email = null, Phone = null } };
}
