using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Yisp.Adapters.Health.Translation;

/// <summary>The SDK's FHIR JSON reader (strict: unknown elements, bad codes and bad primitive values are errors) and writer.</summary>
public static class FhirJson
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    public static bool TryRead(string json, out Resource? resource, out IReadOnlyList<Hl7.Fhir.Utility.CodedException> issues)
    {
        var ok = Deserializer.TryDeserializeResource(json, out resource, out var found);
        issues = found.ToList();
        return ok;
    }

    public static string Write(Resource resource) => Serializer.SerializeToString(resource);
}
