using Hl7.Fhir.Model;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Health.Translation;

/// <summary>Translation errors as the OperationOutcome the health system is answered with: one error issue per error, located by FHIRPath.</summary>
public static class FhirOutcomes
{
    public static OperationOutcome From(IReadOnlyList<TranslationError> errors) => new()
    {
        Issue = errors.Select(e => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = CodeFor(e),
            Diagnostics = string.IsNullOrEmpty(e.Path) ? e.Message : $"{e.Path} {e.Message}",
            Expression = string.IsNullOrEmpty(e.Path) ? [] : [e.Path],
        }).ToList(),
    };

    public static string ToJson(IReadOnlyList<TranslationError> errors) => FhirJson.Write(From(errors));

    public static OperationOutcome.IssueType CodeFor(TranslationError error) =>
        error.Message.StartsWith(TranslationErrors.IsRequired, StringComparison.Ordinal) || error.Message.StartsWith("is required", StringComparison.Ordinal)
            ? OperationOutcome.IssueType.Required
            : FhirMessages.IsStructural(error.Message) ? OperationOutcome.IssueType.Structure
            : OperationOutcome.IssueType.Invalid;
}
