using Yisp.Adapters.Careers.Translation;
using Yisp.Adapters.Inbound;

namespace Yisp.Adapters.Careers;

/// <summary>The careers service's side: engagement reports on the interventions it leads become progress on them.</summary>
public static class CareersApi
{
    public static IEndpointRouteBuilder MapCareersApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProgressEndpoint<EngagementMessage>("/engagement", EngagementReport.Read)
            .WithSummary("An adviser's engagement report (meetings held, education/employment/training status) on an intervention careers leads")
            .WithDescription("Recorded as progress on the intervention (201; 200 when the same `id` was sent before). The platform refuses (422, " +
                "`platformStatus` 403 or 404) a report on an intervention careers does not lead or that consent no longer covers.");
        return endpoints;
    }
}
