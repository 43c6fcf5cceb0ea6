using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Referral.Api;

public static class ReferralsApi
{
    public const long MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapReferralsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/referrals").WithTags("Referrals");
        api.MapPost("/", CreateAsync)
            .Accepts<CreateReferralRequest>("application/json")
            .Produces<ReferralResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{id:guid}", GetAsync)
            .Produces<ReferralResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ReferralIntake intake, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateReferralRequest>(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = ReferralRules.Validate(body!, today, out var postcode);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var referral = await intake.AcceptAsync(body!, postcode, cancellationToken);
        // Relative, so the Location is right whichever gateway or host name the caller came through.
        return TypedResults.Created($"/api/referrals/{referral.Id}", ReferralResponse.From(referral));
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ReferralStore store, CancellationToken cancellationToken)
    {
        var referral = await store.FindAsync(id, cancellationToken);
        return referral is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Referral not found.")
            : TypedResults.Ok(ReferralResponse.From(referral));
    }
}
