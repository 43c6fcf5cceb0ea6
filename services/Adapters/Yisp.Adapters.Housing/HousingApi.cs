using Yisp.Adapters.Housing.Translation;
using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Housing;

/// <summary>What the platform answers the housing system for a referral it made.</summary>
public sealed record TenancyReferralAccepted(Guid? ReferralId, int Status);

/// <summary>The housing system's side: a child in a tenancy with anti-social behaviour concerns, referred to the platform.</summary>
public static class HousingApi
{
    public static IEndpointRouteBuilder MapHousingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/tenancy-referrals", ReferAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .Accepts<TenancyReferralMessage>("application/json").Produces<TenancyReferralAccepted>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway)
            .WithSummary("Refer a child in a tenancy with anti-social behaviour concerns")
            .WithDescription("Translated to a platform referral (201 with its id; 200 and the same id when the same `id` was sent before). " +
                "400 names each wrong field by its JSON path; 422 is the platform's refusal with its field names.");
        return endpoints;
    }

    private static async Task<IResult> ReferAsync(HttpRequest request, InboundReferrals referrals, AdapterMetrics metrics, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (referral, refusal) = await JsonInbound.ReadAsync<TenancyReferralMessage, ReferralRequest>(request, metrics,
            m => TenancyReferralReader.Read(m, today), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var answer = await referrals.SubmitAsync(referral!.Value, referral.Key, cancellationToken);
        return JsonInbound.Answer(answer, a => new TenancyReferralAccepted(a.Id, a.Status));
    }
}
