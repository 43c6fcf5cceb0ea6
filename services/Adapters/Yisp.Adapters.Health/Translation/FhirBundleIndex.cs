using Hl7.Fhir.Model;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Health.Translation;

/// <summary>A resource of the bundle with the FHIRPath that names it in errors.</summary>
public sealed record BundleResource<T>(T Resource, string Path) where T : Resource;

/// <summary>Finds a bundle's resources by type and resolves references between them (by fullUrl, or Type/id).</summary>
public sealed class FhirBundleIndex(Bundle bundle)
{
    public IEnumerable<BundleResource<T>> All<T>() where T : Resource =>
        bundle.Entry.Select((entry, i) => entry.Resource is T resource ? new BundleResource<T>(resource, $"Bundle.entry[{i}].resource") : null)
            .OfType<BundleResource<T>>();

    /// <summary>The one resource of a type the referral needs; an error when there is none or more than one.</summary>
    public BundleResource<T>? Single<T>(TranslationErrors errors) where T : Resource, new()
    {
        var found = All<T>().ToList();
        var typeName = new T().TypeName;
        if (found.Count == 0)
        {
            errors.Add($"Bundle.entry.resource.ofType({typeName})", TranslationErrors.IsRequired);
            return null;
        }
        if (found.Count > 1)
        {
            errors.Add($"Bundle.entry.resource.ofType({typeName})", FhirMessages.OneOnly + typeName + ".");
            return null;
        }
        return found[0];
    }

    public BundleResource<T>? Resolve<T>(ResourceReference? reference) where T : Resource
    {
        var target = reference?.Reference;
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is T resource && (entry.FullUrl == target || $"{resource.TypeName}/{resource.Id}" == target))
            {
                return new BundleResource<T>(resource, $"Bundle.entry[{i}].resource");
            }
        }
        return null;
    }
}
