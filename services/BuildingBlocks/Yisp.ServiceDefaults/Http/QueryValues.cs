using System.Globalization;

namespace Yisp.ServiceDefaults.Http;

/// <summary>
/// Query-string values read from text, so that a bad one is a 400 naming the parameter and its format
/// (typed parameters would fail binding with a bare 400).
/// </summary>
public static class QueryValues
{
    /// <summary>An ISO 8601 date or date and time; any offset is converted to UTC, no offset means UTC. Null when absent or bad.</summary>
    public static DateTimeOffset? Instant(this ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }
        errors.Add(field, "must be an ISO 8601 date (yyyy-MM-dd) or date and time (yyyy-MM-ddTHH:mm:ssZ, or with an offset such as +01:00).");
        return null;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent or bad.</summary>
    public static long Number(this ValidationErrors errors, string field, string? value, long fallback, long min, long max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        errors.Add(field, $"must be a whole number from {min} to {max}.");
        return fallback;
    }
}
