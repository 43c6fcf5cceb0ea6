using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Yisp.ServiceDefaults.Http;

/// <summary>A change to an existing resource: If-Match (required) and then a strict JSON body.</summary>
public static class CommandRequest
{
    /// <returns>The version the caller last saw and the body, or the problem to answer instead.</returns>
    public static async Task<(int Version, T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        var (version, precondition) = Preconditions.RequiredVersion(request);
        if (precondition is not null)
        {
            return (0, null, precondition);
        }
        var (body, problem) = await JsonBody.ReadAsync<T>(request, maxBytes, cancellationToken);
        return (version, body, problem);
    }
}
