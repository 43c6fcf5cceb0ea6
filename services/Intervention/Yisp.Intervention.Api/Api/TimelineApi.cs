using System.Text.Json;
using Dapper;
using Yisp.Audit;
using Yisp.Data.Dialects;
using Yisp.Intervention.Data;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

public sealed record TimelineEntryView(Guid Id, DateTimeOffset At, string Kind, string Purpose, string? Agency, Guid? InterventionId, JsonElement Detail);

public sealed record TimelinePage(IReadOnlyList<TimelineEntryView> Entries, int Page, int PageSize, bool HasMore);

public static class TimelineApi
{
    private const int MaxPageSize = 100;

    public static RouteHandlerBuilder MapTimeline(this RouteGroupBuilder cases) =>
        cases.MapGet("/cases/{caseId:guid}/timeline", TimelineAsync).Produces<TimelinePage>().ProducesValidationProblem()
            .WithinConsent().Audited("case", "case-management", "caseId")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Read a case's timeline")
            .WithDescription("The case's history, oldest first, a page at a time (`page` from 1, `pageSize` up to 100). Lines outside your " +
                "agency's consent are left out; the panel sees every line.");

    /// <summary>The case's history, oldest first, with the lines outside the caller's consent left out.</summary>
    private static async Task<IResult> TimelineAsync(Guid caseId, HttpContext http, UnitOfWorkFactory unitsOfWork, ISqlDialect dialect,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (page is < 1 or > 100_000)
        {
            errors.Add("page", "must be from 1 to 100000.");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"must be from 1 to {MaxPageSize}.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        int number = page ?? 1, size = pageSize ?? 50;
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var row = await InterventionStore.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case here.");
        }
        var purposes = CaseAccess.VisiblePurposes(http.Caller(), row).ToArray();
        var rows = (await unitOfWork.Connection.QueryAsync<TimelineRow>(unitOfWork.Command(InterventionSql.FindTimeline(dialect),
            new { caseId, purposes, skip = (number - 1) * size, take = size + 1 }, cancellationToken))).AsList();
        var entries = rows.Take(size)
            .Select(r => new TimelineEntryView(r.Id, r.OccurredAt, r.Kind, r.Purpose, r.Agency, r.InterventionId, JsonDocument.Parse(r.Detail).RootElement.Clone()))
            .ToList();
        return TypedResults.Ok(new TimelinePage(entries, number, size, rows.Count > size));
    }

    private sealed class TimelineRow
    {
        public Guid Id { get; set; }
        public DateTimeOffset OccurredAt { get; set; }
        public string Kind { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string? Agency { get; set; }
        public Guid? InterventionId { get; set; }
        public string Detail { get; set; } = "";
    }
}
