namespace Yisp.Adapters.Delivery;

public enum AttemptResult
{
    Delivered,
    /// <summary>The endpoint could not take it now (timeout, refused connection, 408, 429, 5xx): try again later.</summary>
    Retry,
    /// <summary>The endpoint refused this delivery (a 4xx other than 408 and 429): retrying would change nothing.</summary>
    Reject,
}

public sealed record AttemptOutcome(AttemptResult Result, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static readonly AttemptOutcome Delivered = new(AttemptResult.Delivered);

    public static AttemptOutcome From(int statusCode, TimeSpan? retryAfter) => statusCode switch
    {
        >= 200 and < 300 => Delivered,
        408 or 429 or >= 500 => new(AttemptResult.Retry, $"HTTP {statusCode}", retryAfter),
        >= 400 => new(AttemptResult.Reject, $"HTTP {statusCode}"),
        _ => new(AttemptResult.Retry, $"HTTP {statusCode}"),
    };
}
