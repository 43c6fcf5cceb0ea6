using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Intervention.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

/// <param name="Next">Pass as <c>after</c> to continue; the same cursor later also lists what changed since.</param>
public sealed record SharedCasePage(IReadOnlyList<SharedCase> Items, string Next);

/// <summary>
/// The cases consent currently shares with the caller's agency, in the order they last changed, from a cursor: its system
/// reconciles after an outage instead of polling every case it knows. Ids, status and when only; reading a case still asks
/// the consent service at that moment.
/// </summary>
public static class SharedCasesApi
{
    public static RouteHandlerBuilder MapSharedCases(this RouteGroupBuilder cases) =>
        cases.MapGet("/cases/shared", ListAsync).Produces<SharedCasePage>().ProducesValidationProblem()
            .Audited("case", "agency-reconciliation")
            .WithSummary("List the cases consent shares with your agency, by change")
            .WithDescription("Cases whose consent shares them with the agency in your token, in the order they last changed, `limit` (1-500, " +
                "default 100) at a time from the cursor `after` (absent: from the start). Answers the next cursor; call again with it later to " +
                "hear only what changed since. Changes of the last 5 seconds are listed on a later call. A case no longer shared drops out " +
                "(your feed says so when it happens).");

    private static async Task<Results<Ok<SharedCasePage>, ProblemHttpResult>> ListAsync([AsParameters] ChangesQuery query, HttpContext http,
        InterventionStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = query.Read(out var after, out var limit);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var agency = http.Caller().Agency;
        var items = await store.SharedWithAsync(agency, after.At, after.Id, time.GetUtcNow() - ChangeCursor.Settle, limit, cancellationToken);
        http.Audit().Listed.AddRange(items.Select(c => (c.CaseId.ToString(), (string?)null)));
        return TypedResults.Ok(new SharedCasePage(items, ChangeCursor.Next(items, c => c.ChangedAt, c => c.CaseId, query.After)));
    }
}
