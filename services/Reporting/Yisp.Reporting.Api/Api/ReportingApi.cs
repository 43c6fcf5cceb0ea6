using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Reporting.Application;
using Yisp.Reporting.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Idempotency;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Reporting.Api;

/// <summary>What the handlers use, injected as one parameter.</summary>
public sealed record ReportingServices(HttpContext Http, ItemStore Store, ItemCommands Commands, CancellationToken Cancellation)
{
    public HttpRequest Request => Http.Request;
}

public static class ReportingApi
{
    private const string Resource = "item";
    private const long MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapReportingApi(this IEndpointRouteBuilder endpoints)
    {
        // Give the service a scope of its own in PlatformScopes and the identity service's registrations.
        var api = endpoints.MapGroup("/api/reporting").WithTags("Reporting").RequireScope(PlatformScopes.Reports);
        api.MapPost("/items", CreateAsync).Accepts<CreateItemRequest>("application/json")
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .RequireRole(PlatformRoles.Coordinator).Audited(Resource, "case-management").WithIdempotencyKey()
            .WithSummary("Add an item to a case")
            .WithDescription("Coordinators only (403 otherwise). Send an `Idempotency-Key` so a retry never adds a second item.");
        api.MapGet("/items/{id:guid}", GetAsync).ProducesProblems(StatusCodes.Status404NotFound)
            .Audited(Resource, "case-management", "id")
            .WithSummary("Read an item")
            .WithDescription("The item and its `ETag`, to send as `If-Match` with a change.");
        api.MapPost("/items/{id:guid}/close", CloseAsync).Accepts<CloseItemRequest>("application/json").ProducesCommandProblems()
            .RequireRole(PlatformRoles.Coordinator).Audited(Resource, "case-management", "id").RequiresIfMatch()
            .WithSummary("Close an item")
            .WithDescription("Closes the item with a reason, at the version in `If-Match` (428 without it, 412 when stale, 409 when already closed).");
        endpoints.MapAuditApi("/api/reporting");
        return api;
    }

    private static async Task<Results<Created<ItemView>, ProblemHttpResult>> CreateAsync([AsParameters] ReportingServices s)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateItemRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? ReportingValidation.Create(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var item = await s.Commands.CreateAsync(body!.CaseId!.Value, body.Title!.Trim(), body.Notes, s.Cancellation);
        s.Http.Audit().ResourceId = item.Id.ToString();
        Preconditions.SetETag(s.Http.Response, item.Version);
        return TypedResults.Created($"/api/reporting/items/{item.Id}", View(item));
    }

    private static async Task<Results<Ok<ItemView>, ProblemHttpResult>> GetAsync(Guid id, [AsParameters] ReportingServices s)
    {
        if (await s.Store.FindAsync(id, s.Cancellation) is not { } item)
        {
            return CommandAnswers.NotFound(Resource);
        }
        Preconditions.SetETag(s.Http.Response, item.Version);
        return TypedResults.Ok(View(item));
    }

    private static async Task<Results<Ok<ItemView>, ProblemHttpResult>> CloseAsync(Guid id, [AsParameters] ReportingServices s)
    {
        var (version, body, problem) = await CommandRequest.ReadAsync<CloseItemRequest>(s.Request, MaxBodyBytes, s.Cancellation);
        if ((problem ?? ReportingValidation.Close(body!).ProblemOrNull()) is { } bad)
        {
            return bad;
        }
        var outcome = await s.Commands.CloseAsync(id, version, body!.Reason!.Trim(), s.Cancellation);
        if (outcome.Status != CommandStatus.Done)
        {
            return CommandAnswers.Problem(outcome, Resource);
        }
        Preconditions.SetETag(s.Http.Response, outcome.Value!.Version);
        return TypedResults.Ok(View(outcome.Value));
    }

    private static ItemView View(ItemRow item) =>
        new(item.Id, item.CaseId, item.Title, item.Notes, item.Status, item.CloseReason, item.CreatedAt, item.Version);
}
