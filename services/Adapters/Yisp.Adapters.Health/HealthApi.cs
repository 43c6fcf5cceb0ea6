using Hl7.Fhir.Model;
using Yisp.Adapters.Health.Translation;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Health;

/// <summary>
/// Health's side: a FHIR R4 endpoint. A transaction Bundle posted to the base makes a referral; <c>GET /metadata</c>
/// says what the endpoint supports. Errors answer as an OperationOutcome naming each by FHIRPath.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metadata", () => Fhir(StatusCodes.Status200OK, HealthCapabilities.ToJson("1.0", new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero))))
            .AllowAnonymous().WithSummary("The CapabilityStatement");
        endpoints.MapPost("/", ReferAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("A referral: a FHIR transaction Bundle (ServiceRequest and Patient)")
            .WithDescription("Send an Idempotency-Key header (your message id): sending it again answers the same and makes nothing twice.");
        return endpoints;
    }

    private static async Task<IResult> ReferAsync(HttpRequest request, InboundReferrals referrals, AdapterMetrics metrics, TimeProvider time,
        CancellationToken cancellationToken)
    {
        metrics.Received.Add(1);
        if (request.Headers["Idempotency-Key"].ToString() is not { Length: > 0 and <= 200 } key)
        {
            return Refused(StatusCodes.Status400BadRequest, [new TranslationError("Idempotency-Key", "header is required: your message id (at most 200 characters).")]);
        }
        if (await InboundBody.ReadAsync(request, cancellationToken) is not { } json)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, [new TranslationError("Bundle", $"is larger than {InboundBody.MaxBytes} bytes.")]);
        }
        var translation = FhirReferralReader.Read(json, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (!translation.Succeeded)
        {
            metrics.Refused.Add(1);
            return Refused(StatusCodes.Status400BadRequest, translation.Errors);
        }
        var answer = await referrals.SubmitAsync(translation.Value, key, cancellationToken);
        if (!answer.Succeeded)
        {
            return Refused(answer.Status is >= 400 and < 500 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status502BadGateway,
                InboundReferrals.Refusal(answer));
        }
        return Fhir(StatusCodes.Status200OK, FhirJson.Write(new Bundle
        {
            Type = Bundle.BundleType.TransactionResponse,
            Entry = [new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = $"{answer.Status}", Location = $"ServiceRequest/{answer.Id}" } }],
        }));
    }

    private static IResult Refused(int status, IReadOnlyList<TranslationError> errors) => Fhir(status, FhirOutcomes.ToJson(errors));

    private static IResult Fhir(int status, string json) => Results.Text(json, FhirDeliveryFormatter.FhirJson, System.Text.Encoding.UTF8, status);
}
