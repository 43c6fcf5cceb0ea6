using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Yisp.ServiceDefaults.Http;

/// <summary>Collects every bad field of a request so one 400 names them all.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }
        messages.Add(message);
        return this;
    }

    /// <summary>A required single-line value (a name, a code, a reference): no control or bidirectional-override characters.</summary>
    public ValidationErrors Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, "is required.") : Optional(field, value, maxLength);

    /// <summary>An optional single-line value: checked like <see cref="Required"/> when present.</summary>
    public ValidationErrors Optional(string field, string? value, int maxLength) =>
        value is null ? this
        : value.Length > maxLength ? Add(field, $"must be at most {maxLength} characters.")
        : value.Any(IsForbiddenInLine) ? Add(field, "must be one line of text without control characters.")
        : this;

    /// <summary>Required free text (reasons, notes, summaries): line breaks and tabs are kept, other control characters refused.</summary>
    public ValidationErrors RequiredText(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, "is required.") : OptionalText(field, value, maxLength);

    public ValidationErrors OptionalText(string field, string? value, int maxLength) =>
        value is null ? this
        : value.Length > maxLength ? Add(field, $"must be at most {maxLength} characters.")
        : value.Any(c => c is not ('\n' or '\r' or '\t') && IsForbiddenInLine(c)) ? Add(field, "must be text without control characters other than line breaks and tabs.")
        : this;

    // NUL cannot be stored at all, other controls corrupt logs and screens, and bidi overrides make a name read differently than it sorts.
    private static bool IsForbiddenInLine(char c) => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>The 400 problem, or null when every field is good.</summary>
    public ProblemHttpResult? ProblemOrNull() => IsEmpty ? null : ToProblem();

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>A 400 problem listing every bad field; a <see cref="ProblemHttpResult"/> like every other problem, so handlers declare one problem type.</summary>
    public ProblemHttpResult ToProblem() => TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary())
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request is not valid.",
    });
}
