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

    public ValidationErrors Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required.");
        }
        return value.Length > maxLength ? Add(field, $"must be at most {maxLength} characters.") : this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(ToDictionary(), title: "The request is not valid.");
}
