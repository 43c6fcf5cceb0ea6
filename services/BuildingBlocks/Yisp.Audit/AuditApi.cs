using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Audit;

/// <summary>
/// The trail for auditors (query and verify) and, for any caller with the audit scope, who touched the
/// records its own agency contributed.
/// </summary>
public static class AuditApi
{
    private const int MaxPageSize = 500;

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var api = endpoints.MapGroup(prefix + "/audit").WithTags("Audit").RequireScope(PlatformScopes.Audit);
        api.MapGet("/", QueryAsync).RequireRole(PlatformRoles.Auditor).ProducesProblems()
            .WithSummary("Search the audit trail (auditors)")
            .WithDescription("Every call this service recorded, filtered by record, agency, owning agency, client, outcome and time, in sequence " +
                "order from `after`, up to `limit` (1 to 500, default 100); `next` is the `after` for the following page. Auditors only (403 otherwise).");
        api.MapGet("/verify", VerifyAsync).RequireRole(PlatformRoles.Auditor).ProducesProblems()
            .WithSummary("Verify the audit trail's hash chain (auditors)")
            .WithDescription("Checks that no audit record was changed, removed or inserted; with `checkpoint` (sequence:hash, as logged hourly) " +
                "also that the chain still holds that checkpoint. Auditors only (403 otherwise).");
        api.MapGet("/contributed", (HttpContext http, AuditTrail trail, [AsParameters] AuditPaging paging, CancellationToken ct) =>
            AnswerAsync(trail, new AuditQuery(OwnerAgency: http.Caller().Agency), new ValidationErrors(), paging, ct)).ProducesProblems()
            .WithSummary("Who touched your agency's records")
            .WithDescription("The audit records of calls, by anyone, on records your agency contributed (e.g. referrals it made), in sequence " +
                "order from `after`, up to `limit` (1 to 500). Any caller with the audit scope.");
        return api;
    }

    private static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAsync(AuditTrail trail, string? checkpoint, CancellationToken ct)
    {
        var mark = AuditCheckpoint.Parse(checkpoint);
        if (checkpoint is not null && mark is null)
        {
            return new ValidationErrors().Add("checkpoint", "must be sequence:hash (a number, a colon, 64 hex digits).").ToProblem();
        }
        return TypedResults.Ok(await trail.VerifyAsync(ct, mark));
    }

    private static Task<Results<Ok<AuditPage>, ProblemHttpResult>> QueryAsync(AuditTrail trail, [AsParameters] AuditSearch search,
        [AsParameters] AuditPaging paging, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var query = new AuditQuery(search.ResourceId, search.Agency, search.OwnerAgency, search.ClientId, search.Outcome,
            errors.Instant("from", search.From), errors.Instant("to", search.To));
        return AnswerAsync(trail, query, errors, paging, ct);
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> AnswerAsync(AuditTrail trail, AuditQuery query, ValidationErrors errors,
        AuditPaging paging, CancellationToken ct)
    {
        var after = errors.Number("after", paging.After, 0, 0, long.MaxValue);
        var limit = (int)errors.Number("limit", paging.Limit, 100, 1, MaxPageSize);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var records = await trail.QueryAsync(query with { After = after, Limit = limit }, ct);
        return TypedResults.Ok(new AuditPage(records, records.Count == limit ? records[^1].Sequence : null));
    }
}

/// <summary>Filters of an audit search, read as text so a bad value is a 400 naming it.</summary>
public sealed record AuditSearch(
    [property: FromQuery(Name = "resourceId")] string? ResourceId,
    [property: FromQuery(Name = "agency")] string? Agency,
    [property: FromQuery(Name = "ownerAgency")] string? OwnerAgency,
    [property: FromQuery(Name = "clientId")] string? ClientId,
    [property: FromQuery(Name = "outcome")] string? Outcome,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To);

/// <summary>Where a page of the trail starts (<c>after</c>, a sequence number) and how long it is (<c>limit</c>, 1 to 500).</summary>
public sealed record AuditPaging(
    [property: FromQuery(Name = "after")] string? After,
    [property: FromQuery(Name = "limit")] string? Limit);

/// <summary>A page of the trail; <see cref="Next"/> is the <c>after</c> that reads the next page, null at the end.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, long? Next);
