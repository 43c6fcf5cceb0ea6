using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Referral.Application;
using Yisp.Referral.Catalogue;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Privacy;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Idempotency;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Referral.Api;

/// <summary>What the referral handlers use, injected as one parameter.</summary>
public sealed record ReferralServices(HttpContext Http, ReferralStore Store, ReferralIntake Intake, ReferralChanges Changes,
    RiskFactorCatalogue Catalogue, IdentityProtector Protector, TimeProvider Time, CancellationToken Cancellation)
{
    public HttpRequest Request => Http.Request;
}

public static class ReferralsApi
{
    public const long MaxBodyBytes = 64 * 1024;
    private const long MaxCommandBytes = 4096;
    public const string Resource = "referral";

    public static RouteGroupBuilder MapReferralsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/referrals").WithTags("Referrals").RequireScope(PlatformScopes.Referrals);
        api.MapPost("/", CreateAsync)
            .Accepts<ReferralSubmission>("application/json")
            .Produces<ReferralResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .Audited(Resource, "referral-intake")
            .WithIdempotencyKey()
            .WithSummary("Submit a referral")
            .WithDescription("Refers a child to the panel. An agency system refers for its own agency only (`referringAgency` must be the agency in your token, " +
                "else 403); coordinators may refer for anyone. The referral is screened at once and matched against open cases; the answer " +
                "(201, `Location` of the referral) carries the screening outcome and the match state. Identifying data is stored encrypted. " +
                "Send an `Idempotency-Key` so a retry after a timeout never makes a second referral.");
        api.MapGet("/", SearchAsync).Produces<ReferralPage>().ProducesValidationProblem()
            .RequireRole(PlatformRoles.Coordinator, PlatformRoles.PanelMember)
            .Audited(Resource, "panel-screening")
            .WithSummary("Search referrals (panel only)")
            .WithDescription("Lists referrals for the panel's screening, newest first, one page at a time. Coordinators and panel members only: " +
                "an agency system gets 403 and follows its own referrals by id.");
        api.MapReferralChanges();
        api.MapLegalHolds();
        api.MapGet("/risk-factors", (RiskFactorCatalogue catalogue) => TypedResults.Ok(catalogue.All))
            .WithSummary("List the risk-factor codes")
            .WithDescription("The catalogue of risk factors a referral's `riskFactors` may name, each with its code, label and domain.");
        api.MapSubjectAccess();
        api.MapGet("/{id:guid}", GetAsync).Produces<ReferralResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .Audited(Resource, "referral-intake", "id")
            .WithSummary("Read a referral")
            .WithDescription("The referral with its screening, match state and identity, and its `ETag`. Your agency sees the referrals it made; " +
                "coordinators and panel members see all. 404 means no such referral or not yours to see.");
        api.MapPost("/{id:guid}/withdraw", WithdrawAsync).Accepts<WithdrawRequest>("application/json")
            .Produces<ReferralResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Audited(Resource, "referral-intake", "id")
            .RequiresIfMatch()
            .WithSummary("Withdraw a referral")
            .WithDescription("The referring agency withdraws its referral, until consent is given (afterwards the case belongs to the panel: 409). " +
                "404 means no such referral or not yours.");
        api.MapPost("/{id:guid}/screening-override", OverrideScreeningAsync).Accepts<ScreeningOverrideRequest>("application/json")
            .Produces<ReferralResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole(PlatformRoles.Coordinator).Audited(Resource, "panel-screening", "id")
            .RequiresIfMatch()
            .WithSummary("Override screening (coordinator)")
            .WithDescription("A coordinator overrides the screening outcome, with a reason, while the referral waits for review or after it was " +
                "closed as ineligible. Coordinators only (403 otherwise).");
        api.MapIdentityCorrections();
        api.MapPost("/{id:guid}/match-decision", DecideMatchAsync).Accepts<MatchDecisionRequest>("application/json")
            .Produces<ReferralResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole(PlatformRoles.Coordinator).Audited(Resource, "panel-screening", "id")
            .RequiresIfMatch()
            .WithSummary("Confirm or reject a possible match (coordinator)")
            .WithDescription("When intake found a possible existing case for the child, a coordinator confirms it (the referral joins that case) " +
                "or rejects it (a new case). Coordinators only (403 otherwise).");
        endpoints.MapAuditApi("/api/referrals");
        return api;
    }

    private static async Task<Results<Created<ReferralResponse>, ProblemHttpResult>> CreateAsync([AsParameters] ReferralServices s)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReferralSubmission>(s.Request, MaxBodyBytes, s.Cancellation);
        if (problem is not null)
        {
            return problem;
        }
        // The own-agency rule applies to a referral that names an agency; one that names none is incomplete (400).
        var caller = s.Http.Caller();
        if (!caller.SeesAllAgencies && body!.ReferringAgency is { Length: > 0 } named && named != caller.Agency)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your agency's referral.",
                detail: $"referringAgency must be your own agency ({caller.Agency}): a system refers only for its agency.");
        }
        var today = DateOnly.FromDateTime(s.Time.GetUtcNow().UtcDateTime);
        var errors = ReferralValidation.Submission(body!, today, s.Catalogue, out var valid);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var referral = await s.Intake.AcceptAsync(valid!, s.Cancellation);
        s.Http.Audit().ResourceId = referral.Id.ToString();
        s.Http.Audit().OwnerAgency = referral.ReferringAgency;
        Preconditions.SetETag(s.Http.Response, referral.Version);
        // Relative, so the Location is right whichever gateway or host name the caller came through.
        return TypedResults.Created($"/api/referrals/{referral.Id}", View(referral, s.Protector));
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> GetAsync(Guid id, [AsParameters] ReferralServices s)
    {
        var referral = await s.Store.FindAsync(id, s.Cancellation);
        if (referral is null || !MayOpen(s.Http, referral))
        {
            return CommandAnswers.NotFound(Resource);
        }
        Preconditions.SetETag(s.Http.Response, referral.Version);
        return TypedResults.Ok(View(referral, s.Protector));
    }

    private static async Task<Results<Ok<ReferralPage>, ProblemHttpResult>> SearchAsync([AsParameters] ReferralSearch search, [AsParameters] ReferralServices s)
    {
        var errors = ReferralValidation.Search(search, out var query);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var rows = await s.Store.SearchAsync(query with { Limit = query.Limit + 1 }, s.Cancellation);
        var found = rows.Take(query.Limit).ToList();
        s.Http.Audit().Listed.AddRange(found.Select(r => (r.Id.ToString(), (string?)r.ReferringAgency)));
        return TypedResults.Ok(new ReferralPage(found, query.Offset / query.Limit + 1, query.Limit, rows.Count > query.Limit));
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> WithdrawAsync(Guid id, [AsParameters] ReferralServices s)
    {
        if (await s.Store.FindAsync(id, s.Cancellation) is not { } existing || !MayOpen(s.Http, existing))
        {
            return CommandAnswers.NotFound(Resource);
        }
        var (version, precondition) = Preconditions.RequiredVersion(s.Request);
        if (precondition is not null)
        {
            return precondition;
        }
        if (s.Request.ContentLength > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync<WithdrawRequest>(s.Request, MaxCommandBytes, s.Cancellation);
            if ((problem ?? ReferralValidation.Withdrawal(body).ProblemOrNull()) is { } bad)
            {
                return bad;
            }
        }
        return Answer(await s.Changes.WithdrawAsync(id, version, s.Cancellation), s);
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> OverrideScreeningAsync(Guid id, [AsParameters] ReferralServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<ScreeningOverrideRequest>(s.Request, MaxCommandBytes, s.Cancellation);
        if ((problem ?? ReferralValidation.ScreeningOverride(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        return Answer(await s.Changes.OverrideScreeningAsync(id, version, body!.Outcome!, body.Reason!.Trim(), s.Cancellation), s);
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> DecideMatchAsync(Guid id, [AsParameters] ReferralServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<MatchDecisionRequest>(s.Request, MaxCommandBytes, s.Cancellation);
        if ((problem ?? ReferralValidation.MatchDecision(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        return Answer(await s.Changes.DecideMatchAsync(id, version, body!.Decision == "confirm", s.Cancellation), s);
    }

    internal static Results<Ok<ReferralResponse>, ProblemHttpResult> Answer(CommandOutcome<ReferralRecord> outcome, ReferralServices s)
    {
        if (outcome.Status != CommandStatus.Done)
        {
            return CommandAnswers.Problem(outcome, Resource);
        }
        var referral = outcome.Value!;
        s.Http.Audit().OwnerAgency = referral.ReferringAgency;
        Preconditions.SetETag(s.Http.Response, referral.Version);
        return TypedResults.Ok(View(referral, s.Protector));
    }

    private static ReferralResponse View(ReferralRecord referral, IdentityProtector protector) =>
        ReferralResponse.From(referral, StoredIdentity.Open(referral, protector));

    /// <summary>
    /// The panel sees every referral; an agency only those it made. Anyone else is told there is no such
    /// referral (even its existence says a child was referred) and the refusal is audited.
    /// </summary>
    private static bool MayOpen(HttpContext http, ReferralRecord referral)
    {
        var caller = http.Caller();
        http.Audit().OwnerAgency = referral.ReferringAgency;
        if (caller.SeesAllAgencies || caller.Agency == referral.ReferringAgency)
        {
            return true;
        }
        http.Audit().Denied = true;
        return false;
    }
}
