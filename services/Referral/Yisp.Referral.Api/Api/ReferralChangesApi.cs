using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Referral.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Referral.Api;

/// <summary>A referral the agency made, as its system reconciles it: ids, status and when it last changed.</summary>
public sealed record ReferralChange(Guid Id, Guid? CaseId, string Status, string? CloseReason, string? ScreeningOutcome, string MatchState,
    DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, int Version);

/// <param name="Next">Pass as <c>after</c> to continue; the same cursor later also lists what changed since.</param>
public sealed record ReferralChangePage(IReadOnlyList<ReferralChange> Items, string Next);

/// <summary>
/// The referrals an agency made, oldest change first, from a cursor: its system lists what changed while it was away
/// instead of polling every id it stored. Changes of the last few seconds wait for the next call, so a change that
/// commits late is never passed over.
/// </summary>
public static class ReferralChangesApi
{
    public static RouteHandlerBuilder MapReferralChanges(this RouteGroupBuilder referrals) =>
        referrals.MapGet("/made", ListAsync).Produces<ReferralChangePage>().ProducesValidationProblem()
            .Audited("referral", "agency-reconciliation")
            .WithSummary("List the referrals your agency made, by change")
            .WithDescription("Referrals whose referring agency is the one in your token, in the order they last changed, `limit` (1-500, " +
                "default 100) at a time from the cursor `after` (absent: from the start). Answers the next cursor; call again with it later " +
                "to hear only what changed since. Changes of the last 5 seconds are listed on a later call.");

    private static async Task<Results<Ok<ReferralChangePage>, ProblemHttpResult>> ListAsync([AsParameters] ChangesQuery query, HttpContext http,
        ReferralStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = query.Read(out var after, out var limit);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var agency = http.Caller().Agency;
        var items = await store.ChangesAsync(agency, after.At, after.Id, time.GetUtcNow() - ChangeCursor.Settle, limit, cancellationToken);
        http.Audit().Listed.AddRange(items.Select(r => (r.Id.ToString(), (string?)agency)));
        return TypedResults.Ok(new ReferralChangePage(items, ChangeCursor.Next(items, i => i.UpdatedAt, i => i.Id, query.After)));
    }
}
