using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Inbound;

/// <summary>What the platform answers the agency for progress it accepted.</summary>
public sealed record ProgressRecorded(Guid CaseId, Guid InterventionId, bool Recorded);

public static class ProgressEndpoints
{
    /// <summary>
    /// An endpoint taking the agency's JSON message about an intervention it leads and recording it as progress on that
    /// intervention: 201 (200 for a resend of the same id), 400 naming the fields, 422 when the platform refuses (not the
    /// lead agency, consent no longer covers it: <c>platformStatus</c> 403 or 404), 502 when it cannot be reached.
    /// </summary>
    public static RouteHandlerBuilder MapProgressEndpoint<TMessage>(this IEndpointRouteBuilder endpoints, string pattern,
        Func<TMessage, DateOnly, Translation<Keyed<ProgressRecord>>> translate) where TMessage : notnull =>
        endpoints.MapPost(pattern, async (HttpRequest request, InboundProgress progress, AdapterMetrics metrics, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var (record, refusal) = await JsonInbound.ReadAsync<TMessage, ProgressRecord>(request, metrics, m => translate(m, today), cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }
            var answer = await progress.RecordAsync(record!, cancellationToken);
            return JsonInbound.Answer(answer, _ => new ProgressRecorded(record!.Value.CaseId, record.Value.InterventionId, true));
        })
        .RequireAuthorization(AdapterExtensions.OwnAgencyPolicy).Accepts<TMessage>("application/json")
        .Produces<ProgressRecorded>(StatusCodes.Status201Created).ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);
}
