using Yisp.Data.Idempotency;
using Yisp.Audit;
using Yisp.ServiceDefaults.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Yisp.Contracts;
using Yisp.Referral.Application;
using Yisp.Referral.Catalogue;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Privacy;
using Yisp.Referral.Domain.Screening;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Referral.Api;

public static class ReferralsApi
{
    public const long MaxBodyBytes = 64 * 1024;
    public const int MaxPageSize = 100;
    private const string Resource = "referral";

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
            .AcceptsIdempotencyKey()
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
        api.MapGet("/risk-factors", (RiskFactorCatalogue catalogue) => TypedResults.Ok(catalogue.All))
            .WithSummary("List the risk-factor codes")
            .WithDescription("The catalogue of risk factors a referral's `riskFactors` may name, each with its code, label and domain.");
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

    private static async Task<IResult> CreateAsync(HttpContext http, HttpRequest request, HttpResponse response, ReferralIntake intake,
        RiskFactorCatalogue catalogue, IdentityProtector protector, TimeProvider time, CancellationToken cancellationToken)
    {
        var (idempotencyKey, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        var (body, problem) = await JsonBody.ReadAsync<ReferralSubmission>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var caller = http.Caller();
        if (!caller.SeesAllAgencies && body!.ReferringAgency != caller.Agency)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your agency's referral.",
                detail: $"referringAgency must be your own agency ({caller.Agency}): a system refers only for its agency.");
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = ReferralRules.Validate(body!, today, catalogue, out var valid);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var requestHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web)));
        var storedKey = IdempotencyKey.Stored(http, idempotencyKey);
        var outcome = await intake.AcceptAsync(valid!, storedKey, requestHash, cancellationToken);
        if (outcome.Status == IntakeStatus.KeyReusedWithDifferentBody)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.",
                detail: "This Idempotency-Key was first used with a different body; use a new key for a new referral.");
        }
        var referral = outcome.Referral!;
        http.Audit().ResourceId = referral.Id.ToString();
        http.Audit().OwnerAgency = referral.ReferringAgency;
        Preconditions.SetETag(response, referral.Version);
        if (outcome.Status == IntakeStatus.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }
        // Relative, so the Location is right whichever gateway or host name the caller came through.
        return TypedResults.Created($"/api/referrals/{referral.Id}", ReferralResponse.From(referral, StoredIdentity.Open(referral.SealedIdentity, protector)));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, HttpResponse response, ReferralStore store, IdentityProtector protector,
        CancellationToken cancellationToken)
    {
        var referral = await store.FindAsync(id, cancellationToken);
        if (referral is null || !MayOpen(http, referral))
        {
            return NotFound();
        }
        Preconditions.SetETag(response, referral.Version);
        return TypedResults.Ok(ReferralResponse.From(referral, StoredIdentity.Open(referral.SealedIdentity, protector)));
    }

    private static async Task<IResult> SearchAsync(HttpContext http, HttpRequest request, ReferralStore store, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var errors = new ValidationErrors();
        var status = query["status"].ToString() is { Length: > 0 } s ? s : null;
        if (status is not null && !ReferralStatus.All.Contains(status))
        {
            errors.Add("status", $"must be one of: {string.Join(", ", ReferralStatus.All)}.");
        }
        var agency = query["agency"].ToString() is { Length: > 0 } a ? a : null;
        if (agency is not null && !Referrer.IsKnown(agency))
        {
            errors.Add("agency", $"must be one of: {Agency.Listed}, {Referrer.ParentCarer}, {Referrer.YoungPerson}.");
        }
        var from = Instant(query["receivedFrom"], "receivedFrom", errors);
        var to = Instant(query["receivedTo"], "receivedTo", errors);
        var page = Number(query["page"], "page", 1, 1, int.MaxValue / MaxPageSize, errors);
        var pageSize = Number(query["pageSize"], "pageSize", 20, 1, MaxPageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var rows = await store.SearchAsync(new ReferralQuery(status, agency, from, to, (page - 1) * pageSize, pageSize + 1), cancellationToken);
        var found = rows.Take(pageSize).ToList();
        http.Audit().Listed.AddRange(found.Select(r => (r.Id.ToString(), (string?)r.ReferringAgency)));
        return TypedResults.Ok(new ReferralPage(found, page, pageSize, rows.Count > pageSize));
    }

    private static async Task<IResult> WithdrawAsync(Guid id, HttpContext http, HttpRequest request, HttpResponse response, ReferralChanges changes,
        ReferralStore store, IdentityProtector protector, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } existing || !MayOpen(http, existing))
        {
            return NotFound();
        }
        var (version, precondition) = Preconditions.RequiredVersion(request);
        if (precondition is not null)
        {
            return precondition;
        }
        if (request.ContentLength > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync<WithdrawRequest>(request, 4096, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Reason is { Length: > 1000 })
            {
                return new ValidationErrors().Add("reason", "must be at most 1000 characters.").ToProblem();
            }
        }
        return Answer(await changes.WithdrawAsync(id, version, cancellationToken), response, protector);
    }

    private static async Task<IResult> OverrideScreeningAsync(Guid id, HttpRequest request, HttpResponse response,
        ReferralChanges changes, IdentityProtector protector, CancellationToken cancellationToken)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<ScreeningOverrideRequest>(request, 4096, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new ValidationErrors();
        if (body!.Outcome is not (ScreeningOutcome.Eligible or ScreeningOutcome.Ineligible))
        {
            errors.Add("outcome", $"must be {ScreeningOutcome.Eligible} or {ScreeningOutcome.Ineligible}.");
        }
        errors.Required("reason", body.Reason, 900);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return Answer(await changes.OverrideScreeningAsync(id, version, body.Outcome!, body.Reason!.Trim(), cancellationToken), response, protector);
    }

    private static async Task<IResult> DecideMatchAsync(Guid id, HttpRequest request, HttpResponse response,
        ReferralChanges changes, IdentityProtector protector, CancellationToken cancellationToken)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<MatchDecisionRequest>(request, 4096, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Decision is not ("confirm" or "reject"))
        {
            return new ValidationErrors().Add("decision", "must be confirm or reject.").ToProblem();
        }
        return Answer(await changes.DecideMatchAsync(id, version, body.Decision == "confirm", cancellationToken), response, protector);
    }

    private static IResult Answer(ChangeOutcome outcome, HttpResponse response, IdentityProtector protector)
    {
        switch (outcome.Status)
        {
            case ChangeStatus.NotFound:
                return NotFound();
            case ChangeStatus.StaleVersion:
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The referral has changed.",
                    detail: "Someone changed this referral after you read it. Read it again, then retry with its new ETag.");
            case ChangeStatus.NotAllowed:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed in the referral's current state.",
                    detail: outcome.Problem);
            default:
                response.HttpContext.Audit().OwnerAgency = outcome.Referral!.ReferringAgency;
                Preconditions.SetETag(response, outcome.Referral.Version);
                return TypedResults.Ok(ReferralResponse.From(outcome.Referral, StoredIdentity.Open(outcome.Referral.SealedIdentity, protector)));
        }
    }

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

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Referral not found.");

    private static DateTimeOffset? Instant(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }
        errors.Add(field, "must be an ISO 8601 date or date and time.");
        return null;
    }

    private static int Number(string? value, string field, int fallback, int min, int max, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        if (int.TryParse(value, System.Globalization.NumberStyles.None, null, out var number) && number >= min && number <= max)
        {
            return number;
        }
        errors.Add(field, $"must be a whole number from {min} to {max}.");
        return fallback;
    }
}
