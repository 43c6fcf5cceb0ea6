using Yisp.Adapters.Inbound;
using Yisp.Adapters.YouthOffendingTeam.Translation;

namespace Yisp.Adapters.YouthOffendingTeam;

/// <summary>
/// The youth justice system's side: a child on a YISP case entered the youth justice system. The platform flags the case
/// for its panel (prevention has become a statutory matter) and answers, within consent, who else works with the child.
/// </summary>
public static class YouthJusticeApi
{
    public static IEndpointRouteBuilder MapYouthJusticeApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/youth-justice", EnteredAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("Report that a child on a YISP case entered the youth justice system")
            .WithDescription("`{ caseId, reference, outcome }` with outcome YC, YCC, CHG, RO, YRO or DTO. Answers the flag and `workingWith`, " +
                "the agencies leading interventions on the case. Only for a case consent shares with the youth offending team (404 otherwise); " +
                "`reference` sent again answers 200 and changes nothing.");
        return endpoints;
    }

    private static Task<IResult> EnteredAsync(HttpRequest request, CaseReports reports, CancellationToken cancellationToken) =>
        reports.ReceiveAsync(request, YouthJusticeReader.Read, "youth-justice", cancellationToken);
}
