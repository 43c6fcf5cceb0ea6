using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Consent.Application;
using Yisp.Consent.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Idempotency;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Consent.Api;

/// <summary>What the consent handlers use, injected as one parameter.</summary>
public sealed record ConsentServices(HttpContext Http, ConsentStore Store, ConsentCommands Commands, TimeProvider Time, CancellationToken Cancellation)
{
    public HttpRequest Request => Http.Request;
}

public static class ConsentApi
{
    public const string Resource = "consent request";
    private const long MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapConsentApi(this IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup("/api/consent").WithTags("Consent").RequireScope(PlatformScopes.Consent);
        root.MapGet("/check", CheckAsync).Produces<CheckView>().ProducesValidationProblem()
            .WithSummary("Check consent before sharing or acting")
            .WithDescription("Answers whether the family's consent currently allows `agency` to act for `purpose` on the case (`allowed`), and until " +
                "when. Any caller with the consent scope may ask; the answer says nothing else about the case. Call it before sharing " +
                "information or starting work: consent can be withdrawn at any time.");
        // The record itself (who decided what) is for the people who obtain and act on consent, not agency systems.
        var api = root.MapGroup("").RequireRole(PlatformRoles.Coordinator, PlatformRoles.PanelMember, PlatformRoles.Practitioner)
            .Audited("consent", "consent-management", "caseId").WithinCaseAgencies();
        endpoints.MapAuditApi("/api/consent");
        root.MapSubjectAccess();
        api.MapGet("/cases/{caseId:guid}", GetAsync).Produces<ConsentView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Read a case's consent")
            .WithDescription("The consent request for a case: who must consent, what is in effect for which purposes and agencies, and its `ETag`. " +
                "For coordinators, panel members and practitioners (403 for agency systems); a practitioner sees only cases their agency is on " +
                "(404 otherwise, as for an unknown case).");
        api.MapGet("/cases/{caseId:guid}/history", HistoryAsync).Produces<IReadOnlyList<DecisionView>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a case's consent decisions")
            .WithDescription("Every decision and withdrawal recorded for the case, oldest first: who decided, for which purpose and agency, how it was " +
                "obtained and when. Same access rule as reading the case's consent.");
        api.MapPost("/cases/{caseId:guid}/decisions", RecordAsync).Accepts<RecordDecisionsRequest>("application/json").Produces<ConsentView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresIfMatch().WithIdempotencyKey()
            .WithSummary("Record consent decisions")
            .WithDescription("Records what one party (the child or a parent or carer) decided, purpose by purpose (and agency by agency for sharing), " +
                "as obtained by a practitioner. Consent takes effect when every required party has granted. For coordinators, panel " +
                "members and practitioners of an agency on the case.");
        api.MapPost("/cases/{caseId:guid}/withdraw", WithdrawAsync).Accepts<WithdrawRequest>("application/json").Produces<ConsentView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Withdraw consent")
            .WithDescription("A party withdraws consent, for the purposes and agencies listed (or all when none are listed). It applies at once " +
                "and needs no If-Match: a withdrawal must never fail for being late. Agencies stop work and sharing when they are told.");
        api.MapPost("/cases/{caseId:guid}/competence", CompetenceAsync).Accepts<CompetenceRequest>("application/json").Produces<ConsentView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequiresIfMatch()
            .WithSummary("Record the child's competence judgement")
            .WithDescription("A practitioner records their judgement that the child is competent to decide alone (Gillick competence). Where the " +
                "platform allows it, the child's consent is then enough.");
        api.MapPost("/cases/{caseId:guid}/close", CloseAsync).Accepts<CloseRequest>("application/json").Produces<ConsentView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequiresIfMatch()
            .WithSummary("Close a case's consent request")
            .WithDescription("Closes the consent request with a reason; no consent is in effect afterwards.");
        return api;
    }

    private static async Task<Results<Ok<CheckView>, ProblemHttpResult>> CheckAsync([AsParameters] CheckQuery query, ConsentCheck check,
        CancellationToken cancellationToken)
    {
        var errors = ConsentValidation.Check(query, out var caseId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var answer = await check.CheckAsync(caseId, query.Agency!, query.Purpose!, cancellationToken);
        return TypedResults.Ok(new CheckView(caseId, query.Agency!, query.Purpose!, answer.Allowed, answer.ExpiresAt));
    }

    private static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> GetAsync(Guid caseId, [AsParameters] ConsentServices s)
    {
        var request = await s.Store.FindRequestAsync(caseId, s.Cancellation);
        if (request is null)
        {
            return CommandAnswers.NotFound(Resource);
        }
        Preconditions.SetETag(s.Http.Response, request.Version);
        return TypedResults.Ok(await ViewAsync(s.Store, request, s.Cancellation));
    }

    private static async Task<Results<Ok<List<DecisionView>>, ProblemHttpResult>> HistoryAsync(Guid caseId, [AsParameters] ConsentServices s)
    {
        if (await s.Store.FindRequestAsync(caseId, s.Cancellation) is null)
        {
            return CommandAnswers.NotFound(Resource);
        }
        return TypedResults.Ok(await DecisionsAsync(s.Store, caseId, s.Cancellation));
    }

    public static async Task<List<DecisionView>> DecisionsAsync(ConsentStore store, Guid caseId, CancellationToken cancellationToken) =>
        [.. (await store.DecisionsAsync(caseId, cancellationToken)).Select(d => new DecisionView(d.Id, d.Party, d.Purpose,
            d.Agency.Length == 0 ? null : d.Agency, d.Granted, d.Withdrawal, d.RecordedBy, d.Method, d.DocumentReference, d.DecidedAt, d.ExpiresAt))];

    private static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> RecordAsync(Guid caseId, [AsParameters] ConsentServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<RecordDecisionsRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if (problem is not null)
        {
            return problem;
        }
        var errors = ConsentValidation.Decisions(caseId, body!, s.Time.GetUtcNow(), out var command);
        return errors.IsEmpty ? await AnswerAsync(await s.Commands.RecordAsync(command!, version, s.Cancellation), s) : errors.ToProblem();
    }

    /// <summary>Withdrawal needs no If-Match: it must always be as easy as giving consent, and it wins over any stale view.</summary>
    private static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> WithdrawAsync(Guid caseId, [AsParameters] ConsentServices s)
    {
        var (body, problem) = await JsonBody.ReadAsync<WithdrawRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if (problem is not null)
        {
            return problem;
        }
        var errors = ConsentValidation.Withdrawal(caseId, body!, out var command);
        return errors.IsEmpty ? await AnswerAsync(await s.Commands.WithdrawAsync(command!, s.Cancellation), s) : errors.ToProblem();
    }

    private static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> CompetenceAsync(Guid caseId, [AsParameters] ConsentServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<CompetenceRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? ConsentValidation.Competence(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        return await AnswerAsync(await s.Commands.RecordCompetenceAsync(caseId, version, body!.Judgement!.Trim(), s.Cancellation), s);
    }

    private static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> CloseAsync(Guid caseId, [AsParameters] ConsentServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<CloseRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? ConsentValidation.Closure(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        return await AnswerAsync(await s.Commands.CloseAsync(caseId, version, body!.Reason!.Trim(), s.Cancellation), s);
    }

    private static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> AnswerAsync(CommandOutcome<ConsentRequestRow> outcome, ConsentServices s)
    {
        if (outcome.Status != CommandStatus.Done)
        {
            return CommandAnswers.Problem(outcome, Resource);
        }
        var request = outcome.Value!;
        Preconditions.SetETag(s.Http.Response, request.Version);
        return TypedResults.Ok(await ViewAsync(s.Store, request, s.Cancellation));
    }

    public static async Task<ConsentView> ViewAsync(ConsentStore store, ConsentRequestRow request, CancellationToken cancellationToken)
    {
        var effective = await store.EffectiveAsync(request.CaseId, cancellationToken);
        return new ConsentView(request.CaseId, request.Status, request.CloseReason, request.AgencyList, request.RequiredPartyList,
            request.CompetenceJudgement,
            [.. effective.Select(e => new EffectiveView(e.Item.Purpose, e.Item.Agency.Length == 0 ? null : e.Item.Agency, e.ExpiresAt))],
            request.Version);
    }
}
