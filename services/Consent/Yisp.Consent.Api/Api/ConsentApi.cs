using Yisp.Data.Idempotency;
using Yisp.Audit;
using Yisp.ServiceDefaults.Security;
using System.Security.Cryptography;
using System.Text.Json;
using Yisp.Consent.Application;
using Yisp.Consent.Data;
using Yisp.Data;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Consent.Api;

public static class ConsentApi
{
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
            .RequiresIfMatch().AcceptsIdempotencyKey()
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

    private static async Task<IResult> CheckAsync(HttpRequest request, ConsentCheck check, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Guid.TryParse(request.Query["caseId"], out var caseId))
        {
            errors.Add("caseId", "must be a case id (a UUID, such as 0193a4f2-5c1e-7b9a-8d2e-3f4a5b6c7d8e).");
        }
        var agency = request.Query["agency"].ToString();
        if (!Yisp.Contracts.Agency.All.Contains(agency))
        {
            errors.Add("agency", Yisp.Contracts.Agency.MustBeOne);
        }
        var purpose = request.Query["purpose"].ToString();
        if (!ConsentRules.Purposes.Contains(purpose))
        {
            errors.Add("purpose", $"must be one of: {string.Join(", ", ConsentRules.Purposes)}.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var answer = await check.CheckAsync(caseId, agency, purpose, cancellationToken);
        return TypedResults.Ok(new CheckView(caseId, agency, purpose, answer.Allowed, answer.ExpiresAt));
    }

    private static async Task<IResult> GetAsync(Guid caseId, HttpResponse response, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var request = await ConsentLedger.FindRequestAsync(unitOfWork, caseId, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }
        Preconditions.SetETag(response, request.Version);
        return TypedResults.Ok(await ViewAsync(unitOfWork, request, cancellationToken));
    }

    private static async Task<IResult> HistoryAsync(Guid caseId, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        if (await ConsentLedger.FindRequestAsync(unitOfWork, caseId, cancellationToken) is null)
        {
            return NotFound();
        }
        var decisions = await ConsentLedger.DecisionsAsync(unitOfWork, caseId, cancellationToken);
        return TypedResults.Ok(decisions.Select(d => new DecisionView(d.Id, d.Party, d.Purpose, d.Agency.Length == 0 ? null : d.Agency,
            d.Granted, d.Withdrawal, d.RecordedBy, d.Method, d.DocumentReference, d.DecidedAt, d.ExpiresAt)).ToList());
    }

    private static async Task<IResult> RecordAsync(Guid caseId, HttpContext http, HttpRequest request, HttpResponse response, ConsentCommands commands,
        UnitOfWorkFactory unitsOfWork, TimeProvider time, CancellationToken cancellationToken)
    {
        var (version, precondition) = Preconditions.RequiredVersion(request);
        if (precondition is not null)
        {
            return precondition;
        }
        var (key, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        var (body, problem) = await JsonBody.ReadAsync<RecordDecisionsRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = ConsentRules.Validate(caseId, body!, time.GetUtcNow(), out var command);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        // The case is part of what the key stands for; the key itself is stored hashed so engines agree on case.
        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { caseId, body }, JsonSerializerOptions.Web)));
        var storedKey = IdempotencyKey.Stored(http, key);
        var outcome = await commands.RecordAsync(command!, version, storedKey, hash, cancellationToken);
        if (outcome.Status == CommandStatus.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }
        return await AnswerAsync(outcome, response, unitsOfWork, cancellationToken);
    }

    private static async Task<IResult> WithdrawAsync(Guid caseId, HttpRequest request, HttpResponse response, ConsentCommands commands,
        UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<WithdrawRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = ConsentRules.Validate(caseId, body!, out var command);
        return errors.IsEmpty
            ? await AnswerAsync(await commands.WithdrawAsync(command!, cancellationToken), response, unitsOfWork, cancellationToken)
            : errors.ToProblem();
    }

    private static Task<IResult> CompetenceAsync(Guid caseId, HttpRequest request, HttpResponse response, ConsentCommands commands,
        UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken) =>
        OneTextCommandAsync<CompetenceRequest>(request, response, unitsOfWork, "judgement", 1000, body => body.Judgement,
            (version, text) => commands.RecordCompetenceAsync(caseId, version, text, cancellationToken), cancellationToken);

    private static Task<IResult> CloseAsync(Guid caseId, HttpRequest request, HttpResponse response, ConsentCommands commands,
        UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken) =>
        OneTextCommandAsync<CloseRequest>(request, response, unitsOfWork, "reason", 200, body => body.Reason,
            (version, text) => commands.CloseAsync(caseId, version, text, cancellationToken), cancellationToken);

    /// <summary>A command whose body is one required text field, applied against the version in If-Match.</summary>
    private static async Task<IResult> OneTextCommandAsync<TBody>(HttpRequest request, HttpResponse response, UnitOfWorkFactory unitsOfWork,
        string field, int maxLength, Func<TBody, string?> text, Func<int, string, Task<CommandOutcome>> run, CancellationToken cancellationToken)
        where TBody : class
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<TBody>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var value = text(body!);
        var errors = new ValidationErrors().Required(field, value, maxLength);
        return errors.IsEmpty ? await AnswerAsync(await run(version, value!.Trim()), response, unitsOfWork, cancellationToken) : errors.ToProblem();
    }

    private static async Task<IResult> AnswerAsync(CommandOutcome outcome, HttpResponse response, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case CommandStatus.NotFound:
                return NotFound();
            case CommandStatus.StaleVersion:
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The consent request has changed.",
                    detail: "Someone recorded a decision after you read it. Read it again, then retry with its new ETag.");
            case CommandStatus.Closed:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case is closed.", detail: outcome.Problem);
            case CommandStatus.KeyReused:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.",
                    detail: "This Idempotency-Key was first used with a different body.");
            case CommandStatus.Invalid:
                return new ValidationErrors().Add(outcome.Field!, outcome.Problem!).ToProblem();
            default:
                await using (var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken))
                {
                    var request = await ConsentLedger.FindRequestAsync(unitOfWork, outcome.Request!.CaseId, cancellationToken);
                    Preconditions.SetETag(response, request!.Version);
                    return TypedResults.Ok(await ViewAsync(unitOfWork, request, cancellationToken));
                }
        }
    }

    private static async Task<ConsentView> ViewAsync(UnitOfWork unitOfWork, ConsentRequestRow request, CancellationToken cancellationToken)
    {
        var effective = await ConsentLedger.EffectiveAsync(unitOfWork, request.CaseId, cancellationToken);
        return new ConsentView(request.CaseId, request.Status, request.CloseReason, request.AgencyList, request.RequiredPartyList,
            request.CompetenceJudgement,
            [.. effective.Select(e => new EffectiveView(e.Item.Purpose, e.Item.Agency.Length == 0 ? null : e.Item.Agency, e.ExpiresAt))],
            request.Version);
    }

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No consent request for this case.");
}
