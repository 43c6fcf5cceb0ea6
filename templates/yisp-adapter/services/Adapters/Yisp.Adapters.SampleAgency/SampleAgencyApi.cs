using Yisp.Adapters.Inbound;
using Yisp.Adapters.SampleAgency.Translation;

namespace Yisp.Adapters.SampleAgency;

/// <summary>The sample-agency system's side: its progress reports on the interventions it leads become progress on them.</summary>
public static class SampleAgencyApi
{
    public static IEndpointRouteBuilder MapSampleAgencyApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProgressEndpoint<ProgressReportMessage>("/progress-reports", ProgressReportReader.Read)
            .WithSummary("A progress report on an intervention sample-agency leads")
            .WithDescription("Recorded as progress on the intervention (201; 200 when the same `id` was sent before). 400 names each wrong field; " +
                "the platform refuses (422, `platformStatus` 403 or 404) a report on an intervention sample-agency does not lead or that consent no longer covers.");
        return endpoints;
    }
}
