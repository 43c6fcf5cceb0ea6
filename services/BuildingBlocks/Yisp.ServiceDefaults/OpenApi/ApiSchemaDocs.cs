using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yisp.ServiceDefaults.OpenApi;

/// <summary>
/// What a service says about its request and response types beyond their shape: which fields are required,
/// the code lists a field takes, and an example body. Kept apart from the records so handlers stay as they are.
/// </summary>
public sealed class ApiSchemaDocs
{
    internal Dictionary<Type, TypeDocs> Types { get; } = [];

    internal Dictionary<string, (string[] Values, string Description)> CodeLists { get; } = new(StringComparer.Ordinal);

    /// <summary>A named code list, published as an enum schema under components (e.g. AgencyCode), for readers and client generators.</summary>
    public ApiSchemaDocs CodeList(string name, IEnumerable<string> values, string description)
    {
        CodeLists[name] = ([.. values.Order(StringComparer.Ordinal)], description);
        return this;
    }

    public ApiSchemaDocs For<T>(Action<TypeDocs> describe)
    {
        if (!Types.TryGetValue(typeof(T), out var docs))
        {
            Types[typeof(T)] = docs = new TypeDocs();
        }
        describe(docs);
        return this;
    }
}

public sealed class TypeDocs
{
    internal string? Description { get; private set; }
    internal JsonNode? Example { get; private set; }
    internal string[]? RequiredFields { get; private set; }
    internal Dictionary<string, (string[] Values, string Description)> CodeLists { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, (string Description, JsonNode? Example)> Fields { get; } = new(StringComparer.Ordinal);

    public TypeDocs Describe(string description)
    {
        Description = description;
        return this;
    }

    /// <summary>The fields a request must carry (by JSON name); replaces what the generator derived from the constructor.</summary>
    public TypeDocs Required(params string[] jsonNames)
    {
        RequiredFields = jsonNames;
        return this;
    }

    /// <summary>A string field (or the items of an array field) takes one of these codes.</summary>
    public TypeDocs Codes(string jsonName, IEnumerable<string> values, string description)
    {
        CodeLists[jsonName] = ([.. values.Order(StringComparer.Ordinal)], description);
        return this;
    }

    public TypeDocs Field(string jsonName, string description, object? example = null)
    {
        Fields[jsonName] = (description, example is null ? null : JsonSerializer.SerializeToNode(example, JsonSerializerOptions.Web));
        return this;
    }

    /// <summary>An example of the whole body, serialized as the API writes JSON (camelCase).</summary>
    public TypeDocs WithExample(object example)
    {
        Example = JsonSerializer.SerializeToNode(example, JsonSerializerOptions.Web);
        return this;
    }
}
