namespace Yisp.ServiceDefaults.Correlation;

/// <summary>The correlation id of the request or message being handled, flowing with async calls.</summary>
public static class CorrelationContext
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 128;
    private static readonly AsyncLocal<string?> CurrentId = new();

    public static string? Current
    {
        get => CurrentId.Value;
        set => CurrentId.Value = value;
    }

    public static string NewId() => Guid.NewGuid().ToString("D");

    /// <summary>Accepts caller-supplied ids only when short and made of safe characters, so they can go into logs and headers.</summary>
    public static bool IsAcceptable(string? candidate) =>
        !string.IsNullOrEmpty(candidate)
        && candidate.Length <= MaxLength
        && candidate.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
