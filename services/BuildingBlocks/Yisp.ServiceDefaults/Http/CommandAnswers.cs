using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Yisp.ServiceDefaults.Http;

/// <summary>
/// The one mapping from a command's outcome to HTTP: not found 404, a stale If-Match 412 (a missing one is
/// 428, see <see cref="Preconditions"/>), a state that forbids the change 409, a bad reference 400 naming the field.
/// </summary>
public static class CommandAnswers
{
    /// <param name="resource">What the caller acted on, as a reader would say it: "referral", "consent request", "case".</param>
    public static ProblemHttpResult Problem<T>(CommandOutcome<T> outcome, string resource) => outcome.Status switch
    {
        CommandStatus.NotFound => NotFound(resource),
        CommandStatus.StaleVersion => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: $"The {resource} has changed.",
            detail: $"Someone changed this {resource} after you read it. Read it again, then retry with its new ETag."),
        CommandStatus.NotAllowed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: $"Not allowed in the {resource}'s current state.", detail: outcome.Problem),
        CommandStatus.Invalid => new ValidationErrors().Add(outcome.Field!, outcome.Problem!).ToProblem(),
        _ => throw new InvalidOperationException("A successful outcome is answered by its handler."),
    };

    public static ProblemHttpResult NotFound(string resource) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{char.ToUpperInvariant(resource[0])}{resource[1..]} not found.");
}
