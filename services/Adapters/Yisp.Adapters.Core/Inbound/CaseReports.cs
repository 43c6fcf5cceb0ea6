using Microsoft.AspNetCore.Http;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Inbound;

/// <summary>What an agency's system reports about a child on a case consent shares with it, in the platform's terms.</summary>
/// <param name="Reference">The agency's own id for the report: the platform records it once however often it is sent.</param>
/// <param name="Code">The platform's code for what is reported.</param>
public sealed record CaseReport(Guid CaseId, string Reference, string Code);

/// <summary>
/// Sends an agency's report on a case to the platform (keyed by the agency's reference) and answers its system in the
/// adapter's terms: 201 recorded, 200 already recorded, 404 no case shared with the agency, 422 what the platform refused,
/// 502/503 try again.
/// </summary>
public sealed class CaseReports(PlatformClient platform, AdapterMetrics metrics)
{
    /// <summary>The whole exchange: the agency's message read and translated (a 400 naming each bad path), then sent.</summary>
    public async Task<IResult> ReceiveAsync(HttpRequest request, Func<string, Translation<CaseReport>> translate, string operation,
        CancellationToken cancellationToken)
    {
        metrics.Received.Add(1);
        if (await InboundBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, "", $"the body is larger than {InboundBody.MaxBytes} bytes.");
        }
        var translation = translate(body);
        if (!translation.Succeeded)
        {
            metrics.Refused.Add(1);
            return Refused(StatusCodes.Status400BadRequest, translation.Errors);
        }
        return await SendAsync(translation.Value, operation, cancellationToken);
    }

    /// <param name="operation">The case's operation, such as <c>statutory-status</c>: <c>api/interventions/cases/{caseId}/{operation}</c>.</param>
    public async Task<IResult> SendAsync(CaseReport report, string operation, CancellationToken cancellationToken)
    {
        var answer = await platform.CreateAsync($"api/interventions/cases/{report.CaseId}/{operation}",
            new { reference = report.Reference, code = report.Code }, report.Reference, cancellationToken);
        (answer.Succeeded ? metrics.Translated : metrics.Refused).Add(1);
        return Answer(answer);
    }

    /// <summary>A read of the platform passed to the agency's system: the body when found, otherwise errors in the adapter's terms.</summary>
    public static IResult Answer(PlatformAnswer answer) => answer.Status switch
    {
        >= 200 and < 300 => Results.Json(answer.Body, statusCode: answer.Status),
        StatusCodes.Status404NotFound => Refused(StatusCodes.Status404NotFound, "caseId", "no such case is shared with your agency (consent may not cover it)."),
        StatusCodes.Status503ServiceUnavailable => Refused(StatusCodes.Status503ServiceUnavailable, "", "consent could not be confirmed just now; send it again shortly."),
        >= 400 and < 500 => Refused(StatusCodes.Status422UnprocessableEntity, InboundReferrals.Refusal(answer)),
        _ => Refused(StatusCodes.Status502BadGateway, "", $"the platform answered {answer.Status}; send it again."),
    };

    public static IResult Refused(int status, string path, string message) => Refused(status, [new TranslationError(path, message)]);

    public static IResult Refused(int status, IReadOnlyList<TranslationError> errors) => Results.Json(new { errors }, statusCode: status);
}
