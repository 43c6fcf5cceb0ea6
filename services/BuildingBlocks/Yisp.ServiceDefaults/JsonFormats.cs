using System.Text.Json;

namespace Yisp.ServiceDefaults;

/// <summary>
/// Says which format a JSON value should have had, from the type the serializer could not convert it to, so a
/// caller reads "must be an ISO 8601 date (yyyy-MM-dd)" rather than a .NET type name.
/// </summary>
public static class JsonFormats
{
    private static readonly (string TypeName, string Message)[] Formats =
    [
        ("System.DateOnly", "must be an ISO 8601 date (yyyy-MM-dd), such as 2014-05-01."),
        ("System.DateTimeOffset", "must be an ISO 8601 date and time with its offset (yyyy-MM-ddTHH:mm:ssZ), such as 2026-12-10T14:00:00Z."),
        ("System.DateTime", "must be an ISO 8601 date and time with its offset (yyyy-MM-ddTHH:mm:ssZ), such as 2026-12-10T14:00:00Z."),
        ("System.TimeSpan", "must be a duration (d.hh:mm:ss), such as 00:30:00."),
        ("System.Guid", "must be a UUID, such as 0193a4f2-5c1e-7b9a-8d2e-3f4a5b6c7d8e."),
        ("System.Int32", "must be a whole number."),
        ("System.Int64", "must be a whole number."),
        ("System.Decimal", "must be a number."),
        ("System.Double", "must be a number."),
        ("System.Boolean", "must be true or false."),
        ("System.Collections.Generic.Dictionary", "must be a JSON object."),
        ("System.Collections.Generic.IReadOnlyDictionary", "must be a JSON object."),
        ("System.Collections.Generic.List", "must be a JSON array."),
        ("System.Collections.Generic.IReadOnlyList", "must be a JSON array."),
        ("System.String[]", "must be a JSON array."),
        ("System.String", "must be a string."),
    ];

    /// <summary>The message for a value the serializer could not convert; the generic one when the type is not known.</summary>
    public static string Describe(JsonException exception)
    {
        const string marker = "could not be converted to ";
        var message = exception.Message;
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            var target = message[(start + marker.Length)..];
            var end = target.IndexOf(". Path:", StringComparison.Ordinal);
            target = end >= 0 ? target[..end] : target;
            if (target.StartsWith("System.Nullable`1[", StringComparison.Ordinal))
            {
                target = target["System.Nullable`1[".Length..];
            }
            foreach (var (typeName, format) in Formats)
            {
                if (target.StartsWith(typeName, StringComparison.Ordinal))
                {
                    return format;
                }
            }
            if (!target.StartsWith("System.", StringComparison.Ordinal))
            {
                return "must be a JSON object.";
            }
        }
        return "has a value of the wrong type or format.";
    }
}
