using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Yisp.Audit;
using Yisp.Reporting.Api.Csv;
using Yisp.Reporting.Application;
using Yisp.Reporting.Data;
using Yisp.Reporting.Domain;
using Yisp.Reporting.Domain.Disclosure;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Reporting.Api;

public static class ReportingApi
{
    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/reports").WithTags("Reports").RequireScope(PlatformScopes.Reports);
        api.MapGet("/figures", FiguresAsync).ProducesProblems()
            .RequireRole(PlatformRoles.Coordinator, PlatformRoles.PanelMember).Audited("report", "reporting")
            .WithSummary("The partnership's figures")
            .WithDescription("Every figure for a period (`period` 2026-11, 2026-Q3 or FY2026, or `from` and `to`; the current financial year by " +
                "default), optionally for some postcode `districts`, one referring `agency`, `ageBand` or `sex`. Each figure has its definition; " +
                "counts of 1 to 5 and anything computed from them are shown as \"c\", with secondary suppression so none can be worked out. " +
                "Panel roles only (coordinator, panel-member).");
        api.MapGet("/figures/{id}.csv", CsvAsync).ProducesProblems(StatusCodes.Status404NotFound)
            .RequireRole(PlatformRoles.Coordinator, PlatformRoles.PanelMember).Audited("report", "reporting")
            .WithSummary("One figure as CSV")
            .WithDescription("The figure's table (RFC 4180, with the suppression markers), for the same query as the figures.");
        api.MapPost("/rebuild", RebuildAsync).RequireRole(PlatformRoles.Operator).Audited("report", "operations")
            .WithSummary("Rebuild the read model (operators)")
            .WithDescription("Drops the read model and replays every stored event into it; the figures afterwards are identical. Operators only.");
        endpoints.MapAuditApi("/api/reports");
        return endpoints;
    }

    private static async Task<Results<Ok<FigureSet>, ProblemHttpResult>> FiguresAsync([AsParameters] FigureQuery query, ReadModelSnapshot snapshot,
        IOptions<DisclosureRules> rules, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = ReportingValidation.Figures(query, time, out var filter);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var figures = FigureCache.Build(await snapshot.CurrentAsync(cancellationToken), filter!);
        return TypedResults.Ok(new FigureSet(filter!.From, filter.To, [.. filter.Districts.Order(StringComparer.Ordinal)], filter.Agency, filter.AgeBand,
            filter.Sex, rules.Value.Marker, [.. figures.Select(f => FigurePublisher.Publish(f, rules.Value))]));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(string id, [AsParameters] FigureQuery query, ReadModelSnapshot snapshot,
        IOptions<DisclosureRules> rules, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = ReportingValidation.Figures(query, time, out var filter);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var figure = FigureCache.Build(await snapshot.CurrentAsync(cancellationToken), filter!).FirstOrDefault(f => f.Id == id);
        if (figure is null)
        {
            return CommandAnswers.NotFound("figure");
        }
        var csv = CsvTables.ToCsv(FigurePublisher.Publish(figure, rules.Value).Table);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), CsvTables.ContentType, $"{id}.csv");
    }

    private static async Task<Ok<RebuildResult>> RebuildAsync(ReadModelRebuild rebuild, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rebuild.RebuildAsync(cancellationToken));
}
