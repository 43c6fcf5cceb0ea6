using Yisp.Adapters.Inbound;
using Yisp.Adapters.YouthService.Translation;

namespace Yisp.Adapters.YouthService;

/// <summary>
/// The youth service's side: progress notes and attendance registers on the interventions it leads become progress on
/// those interventions. Each message carries the system's own id (`id`): sending it again records nothing twice.
/// </summary>
public static class YouthServiceApi
{
    public static IEndpointRouteBuilder MapYouthServiceApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProgressEndpoint<ProgressNoteMessage>("/progress-notes", YouthServiceProgress.FromNote)
            .WithSummary("A youth worker's progress note on an intervention the youth service leads")
            .WithDescription("Recorded as progress on the intervention (201; 200 when the same `id` was sent before). The platform refuses (422, " +
                "`platformStatus` 403 or 404) a note on an intervention the youth service does not lead or that consent no longer covers.");
        endpoints.MapProgressEndpoint<AttendanceMessage>("/attendance", YouthServiceProgress.FromAttendance)
            .WithSummary("A register of sessions (attended with minutes, or missed with a reason) on an intervention the youth service leads")
            .WithDescription("Recorded as one progress note summarising the register. Same answers as `/progress-notes`.");
        return endpoints;
    }
}
