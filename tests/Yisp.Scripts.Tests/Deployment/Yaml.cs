using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>YAML documents as JSON nodes (every scalar a string), which is all the deployment checks need.</summary>
public static class Yaml
{
    public static List<JsonObject> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>().ToList();
    }

    public static JsonObject Document(string text) => Documents(text).Single();

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Value: null or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    /// <summary>The string at a path of property names, or null.</summary>
    public static string? Text(this JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var next) ? next : null;
        }
        return node is JsonValue value ? value.ToString() : null;
    }

    public static JsonObject? Object(this JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var next) ? next : null;
        }
        return node as JsonObject;
    }

    public static IEnumerable<JsonNode> Items(this JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var next) ? next : null;
        }
        return node is JsonArray array ? array.OfType<JsonNode>() : [];
    }
}
