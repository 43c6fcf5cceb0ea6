using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Yisp.ServiceDefaults.OpenApi;

/// <summary>
/// The generator marks every constructor parameter of a record required, even a nullable one: here a field is
/// required only when its type is not nullable, or when the service's <see cref="ApiSchemaDocs"/> says so.
/// Code lists become enums, and examples are attached.
/// </summary>
internal sealed class PlatformSchemaTransformer(ApiSchemaDocs docs) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return Task.CompletedTask;
        }
        if (schema.Required is { Count: > 0 } required)
        {
            foreach (var property in type.Properties.Where(IsNullable))
            {
                required.Remove(property.Name);
            }
        }
        if (docs.Types.TryGetValue(type.Type, out var typeDocs))
        {
            Apply(schema, typeDocs);
        }
        return Task.CompletedTask;
    }

    private static bool IsNullable(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && (property.AssociatedParameter?.IsNullable ?? property.IsSetNullable));

    private static void Apply(OpenApiSchema schema, TypeDocs typeDocs)
    {
        if (typeDocs.Description is not null)
        {
            schema.Description = typeDocs.Description;
        }
        if (typeDocs.RequiredFields is not null)
        {
            schema.Required = new HashSet<string>(typeDocs.RequiredFields.Where(schema.Properties!.ContainsKey), StringComparer.Ordinal);
        }
        foreach (var (name, (values, description)) in typeDocs.CodeLists)
        {
            if (schema.Properties!.TryGetValue(name, out var field) && field is OpenApiSchema property)
            {
                var target = property.Items as OpenApiSchema ?? property;
                target.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                target.Examples = [JsonValue.Create(values[0])];
                property.Description = description;
            }
        }
        foreach (var (name, (description, example)) in typeDocs.Fields)
        {
            if (schema.Properties!.TryGetValue(name, out var field) && field is OpenApiSchema property)
            {
                property.Description = description;
                if (example is not null)
                {
                    property.Examples = [example.DeepClone()];
                }
            }
        }
        if (typeDocs.Example is not null)
        {
            schema.Examples = [typeDocs.Example.DeepClone()];
        }
    }
}
