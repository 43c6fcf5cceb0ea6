using System.Text.Json;

namespace Yisp.Intervention.Domain;

public sealed record CatalogueEntry(string Code, string Label);

/// <summary>A list of codes that is data, not code: assessment domains, intervention types. It can grow without a release.</summary>
public sealed class CodeCatalogue(IReadOnlyList<CatalogueEntry> entries)
{
    public IReadOnlyList<CatalogueEntry> Entries { get; } = entries;

    public bool Contains(string code) => Entries.Any(e => e.Code == code);

    public static CodeCatalogue Load(string path)
    {
        using var stream = File.OpenRead(path);
        var entries = JsonSerializer.Deserialize<List<CatalogueEntry>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{path} holds no entries.");
        if (entries.Select(e => e.Code).Distinct().Count() != entries.Count)
        {
            throw new InvalidDataException($"{path} lists a code twice.");
        }
        return new CodeCatalogue(entries);
    }
}
