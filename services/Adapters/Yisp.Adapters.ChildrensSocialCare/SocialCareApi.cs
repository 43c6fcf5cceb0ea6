using Yisp.Adapters.ChildrensSocialCare.Translation;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.ChildrensSocialCare;

/// <summary>
/// The social care case system's side: it refers children to early help, reports a child on a YISP case now open to
/// statutory social care (CIN or CP), and fetches the handover of a case the panel closed as escalated to it. Errors answer
/// as a list naming each by JSON path.
/// </summary>
public static class SocialCareApi
{
    public const string HandoversPath = "handovers";

    public static IEndpointRouteBuilder MapSocialCareApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/referrals", ReferAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("Refer a child to early help, as the case system exports the referral")
            .WithDescription("`referralReference` is your own id: sending it again answers the same and makes nothing twice.");
        endpoints.MapPost("/statutory-status", StatutoryStatusAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("Report that a child on a YISP case is now open to statutory social care")
            .WithDescription("`{ caseId, reference, category }` with category `CIN` (child in need) or `CP` (child protection): the case's " +
                "coordinators are alerted. Only for a case consent shares with children's social care (404 otherwise); `reference` sent again " +
                "answers 200 and changes nothing.");
        endpoints.MapGet($"/{HandoversPath}/{{caseId:guid}}", HandoverAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("Fetch the handover of a case closed as escalated to statutory services")
            .WithDescription("Fetched from the platform at this moment, under the family's consent: assessments, the plan's interventions " +
                "and their outcomes, the panel's decisions. Your feed's `handover-ready` notification links here.");
        return endpoints;
    }

    private static async Task<IResult> ReferAsync(HttpRequest request, InboundReferrals referrals, AdapterMetrics metrics, TimeProvider time,
        CancellationToken cancellationToken)
    {
        metrics.Received.Add(1);
        if (await InboundBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return CaseReports.Refused(StatusCodes.Status413PayloadTooLarge, "", $"the body is larger than {InboundBody.MaxBytes} bytes.");
        }
        var (translation, reference) = CaseSystemReader.ReadReferral(body, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (!translation.Succeeded)
        {
            metrics.Refused.Add(1);
            return CaseReports.Refused(StatusCodes.Status400BadRequest, translation.Errors);
        }
        var answer = await referrals.SubmitAsync(translation.Value, reference!, cancellationToken);
        return answer.Succeeded
            ? Results.Json(new { referralId = answer.Id, alreadyReceived = answer.Replayed }, statusCode: answer.Status)
            : CaseReports.Refused(answer.Status is >= 400 and < 500 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status502BadGateway,
                InboundReferrals.Refusal(answer));
    }

    private static Task<IResult> StatutoryStatusAsync(HttpRequest request, CaseReports reports, CancellationToken cancellationToken) =>
        reports.ReceiveAsync(request, CaseSystemReader.ReadStatutoryStatus, "statutory-status", cancellationToken);

    private static async Task<IResult> HandoverAsync(Guid caseId, PlatformClient platform, CancellationToken cancellationToken) =>
        CaseReports.Answer(await platform.GetAsync($"api/interventions/cases/{caseId}/handover", cancellationToken));
}
