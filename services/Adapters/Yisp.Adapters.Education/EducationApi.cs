using Yisp.Adapters.Education.Translation;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Education;

/// <summary>A common transfer file with what a CTF cannot say: who refers, why, how urgently.</summary>
public sealed record CtfReferral(ReferralPractitioner? Practitioner, string? Concerns, string? Urgency, string? Ctf);

/// <summary>
/// A school's side: a pupil referred by UPN with attendance and exclusion facts (JSON), or a DfE Common Transfer File
/// for the pupil. Errors answer as a list naming each by JSON path or XML element path.
/// </summary>
public static class EducationApi
{
    public static IEndpointRouteBuilder MapEducationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/pupil-referrals", PupilAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("A pupil referred by UPN, with attendance and exclusions")
            .WithDescription("Send an Idempotency-Key header (your message id): sending it again answers the same and makes nothing twice.");
        endpoints.MapPost("/ctf-referrals", CtfAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("A pupil's Common Transfer File (XML in `ctf`) with the referrer, concerns and urgency");
        return endpoints;
    }

    private static Task<IResult> PupilAsync(HttpRequest request, InboundReferrals referrals, AdapterMetrics metrics, TimeProvider time, CancellationToken cancellationToken) =>
        ReferAsync(request, referrals, metrics, cancellationToken, json => PupilReferralReader.Read(json, Today(time)));

    private static Task<IResult> CtfAsync(HttpRequest request, InboundReferrals referrals, AdapterMetrics metrics, TimeProvider time, CancellationToken cancellationToken) =>
        ReferAsync(request, referrals, metrics, cancellationToken, json =>
        {
            var body = System.Text.Json.JsonSerializer.Deserialize<CtfReferral>(json, System.Text.Json.JsonSerializerOptions.Web);
            if (body?.Practitioner is not { } practitioner || body.Ctf is not { Length: > 0 } ctf)
            {
                return Translation<ReferralRequest>.Failed([new TranslationError(body?.Ctf is null ? "ctf" : "practitioner", "is required.")]);
            }
            return CommonTransferFileReader.Read(ctf, new CtfReferralDetails(practitioner, body.Concerns, body.Urgency ?? ReferralUrgency.Routine), Today(time));
        });

    private static async Task<IResult> ReferAsync(HttpRequest request, InboundReferrals referrals, AdapterMetrics metrics, CancellationToken cancellationToken,
        Func<string, Translation<ReferralRequest>> translate)
    {
        metrics.Received.Add(1);
        if (request.Headers["Idempotency-Key"].ToString() is not { Length: > 0 and <= 200 } key)
        {
            return Refused(StatusCodes.Status400BadRequest, [new TranslationError("Idempotency-Key", "header is required: your message id (at most 200 characters).")]);
        }
        if (await InboundBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, [new TranslationError("", $"the body is larger than {InboundBody.MaxBytes} bytes.")]);
        }
        Translation<ReferralRequest> translation;
        try
        {
            translation = translate(body);
        }
        catch (System.Text.Json.JsonException ex)
        {
            translation = Translation<ReferralRequest>.Failed("", $"is not JSON: {ex.Message}");
        }
        if (!translation.Succeeded)
        {
            metrics.Refused.Add(1);
            return Refused(StatusCodes.Status400BadRequest, translation.Errors);
        }
        var answer = await referrals.SubmitAsync(translation.Value, key, cancellationToken);
        return answer.Succeeded
            ? Results.Json(new { referralId = answer.Id, status = answer.Status }, statusCode: answer.Status)
            : Refused(answer.Status is >= 400 and < 500 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status502BadGateway, InboundReferrals.Refusal(answer));
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static IResult Refused(int status, IReadOnlyList<TranslationError> errors) => Results.Json(new { errors }, statusCode: status);
}
