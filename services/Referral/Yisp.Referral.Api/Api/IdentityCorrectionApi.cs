using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Referral.Application;
using Yisp.Referral.Domain;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.OpenApi;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Referral.Api;

/// <summary>
/// A coordinator corrects a child's details (UK GDPR article 16) and reads back what each correction replaced.
/// Both are audited by action, never by value; the values replaced stay sealed under the referral's own key.
/// </summary>
public static class IdentityCorrectionApi
{
    private const long MaxBodyBytes = 8 * 1024;
    private const string Purpose = "rectification";

    public static RouteGroupBuilder MapIdentityCorrections(this RouteGroupBuilder referrals)
    {
        referrals.MapPost("/{id:guid}/identity-correction", CorrectAsync).Accepts<IdentityCorrectionRequest>("application/json")
            .Produces<ReferralResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole(PlatformRoles.Coordinator).Audited(ReferralsApi.Resource, Purpose, "id")
            .RequiresIfMatch()
            .WithSummary("Correct the child's details (coordinator)")
            .WithDescription("Corrects any of the child's givenName, familyName, dateOfBirth, nhsNumber, upn and address (given whole), with a reason; " +
                "each is checked as in a new referral. The values replaced are kept, sealed, in the referral's correction history. Age at referral and " +
                "postcode district follow; screening is not run again (override it if the correction changes the outcome). When the corrected " +
                "identifiers point at another open case the referral is held for a match decision (`match.state` pending-review). " +
                "404: no such referral, or erased. 409: a match decision is waiting. Coordinators only (403 otherwise).");
        referrals.MapGet("/{id:guid}/identity-corrections", HistoryAsync)
            .Produces<IdentityCorrectionHistory>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(PlatformRoles.Coordinator).Audited(ReferralsApi.Resource, Purpose, "id")
            .WithSummary("Read the child's correction history (coordinator)")
            .WithDescription("Every correction of the referral's child, oldest first: when, by whom, why, which details, and the values they replaced. " +
                "404: no such referral, or erased (erasure destroys the history with the identity). Coordinators only (403 otherwise).");
        return referrals;
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> CorrectAsync(Guid id, [AsParameters] ReferralServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<IdentityCorrectionRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        ValidCorrection? valid = null;
        var today = DateOnly.FromDateTime(s.Time.GetUtcNow().UtcDateTime);
        if ((problem ?? ReferralValidation.IdentityCorrection(body!, today, out valid).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var caller = s.Http.Caller();
        return ReferralsApi.Answer(await s.Changes.CorrectIdentityAsync(id, version, valid!, caller.User ?? caller.ClientId, s.Cancellation), s);
    }

    private static async Task<Results<Ok<IdentityCorrectionHistory>, ProblemHttpResult>> HistoryAsync(Guid id, [AsParameters] ReferralServices s,
        IdentityCorrections corrections)
    {
        if (await s.Store.FindAsync(id, s.Cancellation) is not { ErasedAt: null } referral)
        {
            return CommandAnswers.NotFound(ReferralsApi.Resource);
        }
        s.Http.Audit().OwnerAgency = referral.ReferringAgency;
        return TypedResults.Ok(new IdentityCorrectionHistory(id, await corrections.HistoryAsync(referral, s.Cancellation)));
    }
}
