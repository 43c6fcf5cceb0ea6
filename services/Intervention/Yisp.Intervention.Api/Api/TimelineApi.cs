using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Intervention.Data;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

public static class TimelineApi
{
    public static RouteHandlerBuilder MapTimeline(this RouteGroupBuilder cases) =>
        cases.MapGet("/cases/{caseId:guid}/timeline", TimelineAsync).Produces<TimelinePage>().ProducesValidationProblem()
            .WithinConsent().Audited("case", "case-management", "caseId")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Read a case's timeline")
            .WithDescription("The case's history, oldest first, a page at a time (`page` from 1, `pageSize` up to 100). Lines outside your " +
                "agency's consent are left out; the panel sees every line.");

    /// <summary>The case's history, oldest first, with the lines outside the caller's consent left out.</summary>
    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> TimelineAsync(Guid caseId, HttpContext http, InterventionStore store,
        UnitOfWorkFactory unitsOfWork, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (InterventionValidation.TimelinePage(page, pageSize, out var number, out var size).ProblemOrNull() is { } bad)
        {
            return bad;
        }
        CaseRow? row;
        await using (var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken))
        {
            row = await store.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        }
        if (row is null)
        {
            return CommandAnswers.NotFound(InterventionApi.Resource);
        }
        var purposes = CaseAccess.VisiblePurposes(http, row);
        var rows = await store.TimelineAsync(caseId, [.. purposes], (number - 1) * size, size + 1, cancellationToken);
        var entries = rows.Take(size)
            .Select(r => new TimelineEntryView(r.Id, r.OccurredAt, r.Kind, r.Purpose, r.Agency, r.InterventionId, JsonDocument.Parse(r.Detail).RootElement.Clone()))
            .ToList();
        return TypedResults.Ok(new TimelinePage(entries, number, size, rows.Count > size));
    }
}
