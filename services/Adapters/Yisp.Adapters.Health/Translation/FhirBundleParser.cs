using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Health.Translation;

/// <summary>Reads FHIR JSON into a transaction Bundle with the SDK; what the SDK refuses comes back with its FHIRPath location.</summary>
public static class FhirBundleParser
{
    public static Translation<Bundle> Parse(string json)
    {
        Resource? resource;
        IReadOnlyList<CodedException> issues;
        try
        {
            FhirJson.TryRead(json, out resource, out issues);
        }
        catch (JsonException e)
        {
            return Translation<Bundle>.Failed("", FhirMessages.NotJson + e.Message);
        }
        if (issues.Count > 0)
        {
            var errors = issues.Select(ToError).ToList();
            // An unknown resourceType makes every element below it unknown too: name only the root's problem.
            var atRoot = errors.Where(e => e.Path.Length == 0).ToList();
            return Translation<Bundle>.Failed(atRoot.Count > 0 ? atRoot : errors);
        }
        return resource switch
        {
            Bundle bundle => Translation<Bundle>.Ok(bundle),
            null => Translation<Bundle>.Failed("", FhirMessages.NotFhirJson + "no resource."),
            _ => Translation<Bundle>.Failed(resource.TypeName, FhirMessages.NotABundle + resource.TypeName + "."),
        };
    }

    private static TranslationError ToError(CodedException issue) => issue switch
    {
        ExtendedCodedException { InstancePath: { } path } e when path != "$this" => new TranslationError(path, FhirMessages.NotFhirJson + e.BaseErrorMessage),
        ExtendedCodedException e => new TranslationError("", FhirMessages.NotFhirJson + e.BaseErrorMessage),
        _ => new TranslationError("", FhirMessages.NotFhirJson + issue.Message),
    };
}
