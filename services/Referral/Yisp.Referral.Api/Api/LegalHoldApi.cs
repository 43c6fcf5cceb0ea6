using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Referral.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Referral.Api;

public sealed record LegalHoldRequest(string? Reason);

/// <summary>
/// A coordinator keeps a case's data beyond its retention (a claim, an inquiry, a court order) by setting a legal
/// hold with a reason; retention erases nothing of the case while the hold stands.
/// </summary>
public static class LegalHoldApi
{
    private const string Resource = "case";
    private const string Purpose = "retention";

    public static RouteGroupBuilder MapLegalHolds(this RouteGroupBuilder referrals)
    {
        var holds = referrals.MapGroup("/cases/{caseId:guid}/legal-hold").RequireRole(PlatformRoles.Coordinator);
        holds.MapGet("/", GetAsync).Produces<LegalHold>().ProducesProblem(StatusCodes.Status404NotFound)
            .Audited(Resource, Purpose, "caseId")
            .WithSummary("Read a case's legal hold (coordinator)")
            .WithDescription("The hold on the case with its reason, who set it and when; 404 when the case has none.");
        holds.MapPut("/", SetAsync).Accepts<LegalHoldRequest>("application/json").Produces<LegalHold>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .Audited(Resource, Purpose, "caseId")
            .WithSummary("Set a case's legal hold (coordinator)")
            .WithDescription("Keeps the case's data past its retention until the hold is released. `reason` is required; setting it again " +
                "replaces the reason. 404 when there is no such case.");
        holds.MapDelete("/", ReleaseAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .Audited(Resource, Purpose, "caseId")
            .WithSummary("Release a case's legal hold (coordinator)")
            .WithDescription("Retention applies to the case again from its next run. 404 when the case has no hold.");
        return holds;
    }

    private static async Task<Results<Ok<LegalHold>, ProblemHttpResult>> GetAsync(Guid caseId, RetentionStore store, CancellationToken cancellationToken) =>
        await store.FindHoldAsync(caseId, cancellationToken) is { } hold ? TypedResults.Ok(hold) : CommandAnswers.NotFound("legal hold");

    private static async Task<Results<Ok<LegalHold>, ProblemHttpResult>> SetAsync(Guid caseId, HttpContext http, RetentionStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<LegalHoldRequest>(http.Request, 4096, cancellationToken);
        if ((problem ?? new ValidationErrors().RequiredText("reason", body?.Reason, 900).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        if (!await store.CaseExistsAsync(caseId, cancellationToken))
        {
            return CommandAnswers.NotFound(Resource);
        }
        var caller = http.Caller();
        var hold = new LegalHold(caseId, body!.Reason!.Trim(), caller.User ?? caller.ClientId, time.GetUtcNow());
        await store.SetHoldAsync(hold, cancellationToken);
        return TypedResults.Ok(hold);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(Guid caseId, RetentionStore store, CancellationToken cancellationToken) =>
        await store.ReleaseHoldAsync(caseId, cancellationToken) ? TypedResults.NoContent() : CommandAnswers.NotFound("legal hold");
}
