using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Yisp.ServiceDefaults.Http;

/// <summary>The problem answers an endpoint can give, declared for its OpenAPI document (401 and 403 come with every secured route).</summary>
public static class ProblemConventions
{
    /// <summary>A 400 naming the bad fields, plus the given statuses.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder endpoint, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        endpoint.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        foreach (var status in statuses)
        {
            endpoint.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        }
        return endpoint;
    }

    /// <summary>A command on an existing resource (see <see cref="CommandAnswers"/>): 400, 404, 409, 412, 413, 415 and 428.</summary>
    public static TBuilder ProducesCommandProblems<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed,
            StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);
}
