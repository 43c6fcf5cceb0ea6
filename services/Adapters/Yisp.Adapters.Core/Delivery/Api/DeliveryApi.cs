using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Yisp.Adapters.Delivery.Data;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Adapters.Delivery.Api;

public static class DeliveryApi
{
    private const long MaxBodyBytes = 1024;
    private const int MaxPageSize = 200;

    /// <summary>
    /// The delivery log and replay, under <paramref name="prefix"/> (e.g. <c>/api/deliveries</c>). The adapter decides who may
    /// call them: pass its policy name, or null to leave the routes open (tests, or a port only operators reach).
    /// </summary>
    public static RouteGroupBuilder MapDeliveryApi(this IEndpointRouteBuilder endpoints, string prefix, string? authorizationPolicy)
    {
        var api = endpoints.MapGroup(prefix).WithTags("Deliveries");
        if (authorizationPolicy is not null)
        {
            api.RequireAuthorization(authorizationPolicy);
        }
        api.MapGet("/", ListAsync).Produces<DeliveryLogPage>().ProducesValidationProblem()
            .WithSummary("The delivery log")
            .WithDescription($"Deliveries to the agency's endpoint, newest first; `status` is one of {string.Join(", ", DeliveryStatus.All)}.");
        api.MapPost("/{webhookId:guid}/replay", ReplayAsync).Produces<DeliveryView>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Replay a dead-lettered delivery")
            .WithDescription("Queues the delivery again under the same webhook-id, with a fresh retry window. 409 unless it was dead-lettered.");
        api.MapPost("/replay", ReplayPeriodAsync).Accepts<ReplayPeriodRequest>("application/json").Produces<ReplayPeriodResult>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Replay a period's deliveries")
            .WithDescription("Queues again every delivered or dead-lettered delivery created from `from` up to `to`, each under its own webhook-id, " +
                "in their original order per case.");
        return api;
    }

    private static async Task<Results<Ok<DeliveryLogPage>, ProblemHttpResult>> ListAsync(
        [AsParameters] DeliveryLogQuery query, DeliveryStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (query.Status is not null && !DeliveryStatus.All.Contains(query.Status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", DeliveryStatus.All)}.");
        }
        var page = (int)errors.Number("page", query.Page, 1, 1, 100_000);
        var pageSize = (int)errors.Number("pageSize", query.PageSize, 50, 1, MaxPageSize);
        if (errors.ProblemOrNull() is { } problem)
        {
            return problem;
        }
        var rows = await store.ListAsync(query.Status, (page - 1) * pageSize, pageSize, cancellationToken);
        return TypedResults.Ok(new DeliveryLogPage([.. rows.Select(DeliveryView.From)], page, pageSize));
    }

    private static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> ReplayAsync(
        Guid webhookId, DeliveryStore store, DeliverySignal signal, CancellationToken cancellationToken)
    {
        if (await store.ReplayAsync(webhookId, cancellationToken) is not { } replayed)
        {
            return await store.FindAsync(webhookId, cancellationToken) is null
                ? CommandAnswers.NotFound("delivery")
                : CommandAnswers.Problem(CommandOutcome<DeliveryView>.NotAllowed("Only a dead-lettered delivery is replayed one by one."), "delivery");
        }
        // The answer is the delivery as the replay left it (queued), not as the worker next leaves it.
        signal.Notify();
        return TypedResults.Ok(DeliveryView.From(replayed));
    }

    private static async Task<Results<Ok<ReplayPeriodResult>, ProblemHttpResult>> ReplayPeriodAsync(
        HttpRequest request, DeliveryStore store, DeliverySignal signal, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await JsonBody.ReadAsync<ReplayPeriodRequest>(request, MaxBodyBytes, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }
        var errors = new ValidationErrors();
        var from = errors.Instant("from", body!.From);
        var to = errors.Instant("to", body.To);
        if (body.From is null)
        {
            errors.Add("from", "is required.");
        }
        if (body.To is null)
        {
            errors.Add("to", "is required.");
        }
        if (from is not null && to is not null && from >= to)
        {
            errors.Add("to", "must be after from.");
        }
        if (errors.ProblemOrNull() is { } problem)
        {
            return problem;
        }
        var requeued = await store.ReplayPeriodAsync(from!.Value, to!.Value, cancellationToken);
        signal.Notify();
        return TypedResults.Ok(new ReplayPeriodResult(requeued));
    }
}
