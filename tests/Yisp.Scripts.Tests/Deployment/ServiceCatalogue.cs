using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>A deployable of the repository: a services/**/*.Api web project, the gateway, or an agency adapter.</summary>
public sealed record DeployableService(string Name, string Project, bool IsAdapter)
{
    public string Folder => Path.GetDirectoryName(Project)!;
    public IReadOnlyList<string> Projects => ServiceCatalogue.ProjectClosure(Project);
    public bool UsesDatabase => Projects.Any(p => p.EndsWith("Yisp.Data.csproj", StringComparison.Ordinal));
    public bool UsesBroker => Projects.Any(p => p.EndsWith("Yisp.Messaging.csproj", StringComparison.Ordinal));
    public override string ToString() => Name;
}

/// <summary>
/// Finds the deployables in the repository and what each one reads: its options (classes with a
/// <c>const string Section</c>, bound from configuration), literal configuration keys, its appsettings files and
/// the host's own settings. Keys use ':' and '*' for one segment of any name (a dictionary key or list index).
/// </summary>
public static partial class ServiceCatalogue
{
    private static readonly string[] HostKeys =
        ["ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS", "Logging:*", "AllowedHosts"];

    public static IReadOnlyList<DeployableService> Discover()
    {
        var root = DeploymentTools.Root;
        var projects = Directory.EnumerateFiles(Path.Combine(root, "services"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "gateway"), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .Where(p => File.ReadAllText(p).Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal));
        var found = new List<DeployableService>();
        foreach (var project in projects)
        {
            var file = Path.GetFileNameWithoutExtension(project);
            var relative = Path.GetRelativePath(root, project);
            if (file.StartsWith("Yisp.Adapters.", StringComparison.Ordinal))
            {
                found.Add(new("adapter-" + Kebab(file["Yisp.Adapters.".Length..]), relative, IsAdapter: true));
            }
            else if (relative.StartsWith("gateway/", StringComparison.Ordinal))
            {
                found.Add(new("gateway", relative, IsAdapter: false));
            }
            else if (file.EndsWith(".Api", StringComparison.Ordinal))
            {
                found.Add(new(Kebab(file["Yisp.".Length..^".Api".Length]), relative, IsAdapter: false));
            }
        }
        return found.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The project and every project it references, directly or not (paths relative to the root).</summary>
    public static IReadOnlyList<string> ProjectClosure(string project)
    {
        var root = DeploymentTools.Root;
        var seen = new List<string>();
        var queue = new Queue<string>([Path.GetFullPath(Path.Combine(root, project))]);
        while (queue.TryDequeue(out var current))
        {
            if (seen.Contains(current) || !File.Exists(current))
            {
                continue;
            }
            seen.Add(current);
            foreach (var include in XDocument.Load(current).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
            {
                var path = include.Replace("$(YispRoot)", root + "/", StringComparison.Ordinal).Replace('\\', '/');
                queue.Enqueue(Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(current)!, path)));
            }
        }
        return seen.Select(p => Path.GetRelativePath(root, p)).ToList();
    }

    /// <summary>Every configuration key pattern the service reads.</summary>
    public static IReadOnlyList<string> KeysRead(DeployableService service)
    {
        var keys = new List<string>(HostKeys);
        var sources = Sources(service).Select(s => s.Text).ToList();
        var classes = sources.SelectMany(Classes).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First());
        foreach (var options in BoundOptions(service))
        {
            Expand(options, options.Section!, classes, keys, depth: 0);
        }
        keys.AddRange(sources.SelectMany(s => LiteralKey().Matches(s)).Select(m => m.Groups[1].Value));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(DeploymentTools.Root, service.Folder), "appsettings*.json"))
        {
            Flatten(JsonNode.Parse(File.ReadAllText(file)), "", keys);
        }
        return keys.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Keys whose value must come from the deployment: [Required] options with no value in appsettings.json
    /// (or appsettings.{environment}.json) and values that name this machine's loopback address.</summary>
    public static IReadOnlyList<string> KeysToDeploy(DeployableService service, string environment, string? publicUrl = null)
    {
        var settings = Settings(service, environment);
        var keys = new List<string>();
        foreach (var options in BoundOptions(service))
        {
            foreach (var property in options.Properties)
            {
                var key = $"{options.Section}:{property.Name}";
                settings.TryGetValue(key, out var value);
                if ((property.Required && string.IsNullOrEmpty(value ?? property.Default)) || IsLoopback(value ?? property.Default, publicUrl))
                {
                    keys.Add(key);
                }
            }
        }
        keys.AddRange(settings.Where(s => IsLoopback(s.Value, publicUrl)).Select(s => s.Key));
        return keys.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
    }

    public static bool Matches(string pattern, string key)
    {
        var p = pattern.Split(':');
        var k = key.Split(':');
        return (p.Length == k.Length || (p.Length < k.Length && p[^1] == "*"))
            && p.Zip(k).All(x => x.First == "*" || string.Equals(x.First, x.Second, StringComparison.OrdinalIgnoreCase));
    }

    public static string Kebab(string name) => KebabBoundary().Replace(name, "$1-$2").ToLowerInvariant();

    private static Dictionary<string, string> Settings(DeployableService service, string environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in new[] { "appsettings.json", $"appsettings.{environment}.json" })
        {
            var path = Path.Combine(DeploymentTools.Root, service.Folder, file);
            if (File.Exists(path))
            {
                FlattenValues(JsonNode.Parse(File.ReadAllText(path)), "", settings);
            }
        }
        return settings;
    }

    /// <summary>A value naming this machine, other than the public address when the deployment's public address is
    /// this machine's (compose's published gateway, the dev overlay's port-forward).</summary>
    private static bool IsLoopback(string? value, string? publicUrl) =>
        value is not null && !(publicUrl is not null && value.StartsWith(publicUrl, StringComparison.Ordinal)) && (value.Contains("127.0.0.1", StringComparison.Ordinal) || value.Contains("localhost", StringComparison.OrdinalIgnoreCase));

    private static List<(string File, string Text)> Sources(DeployableService service) =>
        service.Projects.SelectMany(p => Directory.EnumerateFiles(Path.Combine(DeploymentTools.Root, Path.GetDirectoryName(p)!), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(DeploymentTools.Root, f), File.ReadAllText(f))).ToList();

    /// <summary>The options classes the service binds: named in its own code, or in a building block's method that its
    /// own code calls (directly or through other such methods). A building block's options it never binds do not count.</summary>
    private static List<OptionsClass> BoundOptions(DeployableService service)
    {
        var sources = Sources(service);
        var own = sources.Where(s => s.File.StartsWith(service.Folder + "/", StringComparison.Ordinal)).Select(s => s.Text).ToList();
        var methods = sources.Where(s => !own.Contains(s.Text)).SelectMany(s => Methods(s.Text)).ToList();
        var reached = new HashSet<string>(own.SelectMany(t => Call().Matches(t).Select(m => m.Groups[1].Value)));
        var bodies = new List<string>(own);
        for (var added = true; added;)
        {
            added = false;
            foreach (var method in methods.Where(m => reached.Contains(m.Name) && !bodies.Contains(m.Body)))
            {
                bodies.Add(method.Body);
                reached.UnionWith(Call().Matches(method.Body).Select(m => m.Groups[1].Value));
                added = true;
            }
        }
        return sources.SelectMany(s => Classes(s.Text)).Where(c => c.Section is not null)
            .Where(c => bodies.Any(b => b.Contains($"{c.Name}.Section", StringComparison.Ordinal) || b.Contains($"<{c.Name}>", StringComparison.Ordinal)))
            .GroupBy(c => c.Name).Select(g => g.First()).ToList();
    }

    private static IEnumerable<(string Name, string Body)> Methods(string source)
    {
        var starts = MethodDeclaration().Matches(source).ToList();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : source.Length;
            yield return (starts[i].Groups[1].Value, source[starts[i].Index..end]);
        }
    }

    private sealed record OptionsClass(string Name, string? Section, List<OptionsProperty> Properties);

    private sealed record OptionsProperty(string Name, string Type, bool Required, string? Default);

    private static IEnumerable<OptionsClass> Classes(string source)
    {
        var starts = ClassDeclaration().Matches(source).ToList();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : source.Length;
            var body = source[starts[i].Index..end];
            var section = SectionConstant().Match(body);
            var properties = Property().Matches(body).Select(m => new OptionsProperty(m.Groups["name"].Value, m.Groups["type"].Value,
                m.Groups["attributes"].Value.Contains("Required", StringComparison.Ordinal),
                m.Groups["default"].Success ? m.Groups["default"].Value.Trim().Trim('"') : null)).ToList();
            yield return new(starts[i].Groups[1].Value, section.Success ? section.Groups[1].Value : null, properties);
        }
    }

    private static void Expand(OptionsClass options, string prefix, Dictionary<string, OptionsClass> classes, List<string> keys, int depth)
    {
        foreach (var property in options.Properties)
        {
            var key = $"{prefix}:{property.Name}";
            var type = property.Type.TrimEnd('?');
            var collection = CollectionType().Match(type);
            if (collection.Success)
            {
                key += ":*";
                type = collection.Groups[1].Success ? collection.Groups[1].Value : collection.Groups[2].Value;
            }
            if (classes.TryGetValue(type, out var nested) && depth < 4)
            {
                Expand(nested, key, classes, keys, depth + 1);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    private static void Flatten(JsonNode? node, string prefix, List<string> keys)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    Flatten(value, prefix.Length == 0 ? name : $"{prefix}:{name}", keys);
                }
                break;
            case JsonArray:
                keys.Add(prefix + ":*");
                break;
            default:
                keys.Add(prefix);
                break;
        }
    }

    private static void FlattenValues(JsonNode? node, string prefix, Dictionary<string, string> settings)
    {
        if (node is JsonObject o)
        {
            foreach (var (name, value) in o)
            {
                FlattenValues(value, prefix.Length == 0 ? name : $"{prefix}:{name}", settings);
            }
        }
        else if (node is JsonValue value)
        {
            settings[prefix] = value.ToString();
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                FlattenValues(array[i], $"{prefix}:{i}", settings);
            }
        }
    }

    [GeneratedRegex(@"\bclass\s+(\w+)")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"const\s+string\s+Section\s*=\s*""([^""]+)""")]
    private static partial Regex SectionConstant();

    [GeneratedRegex(@"(?<attributes>(?:\[[^\]]*\]\s*)*)public\s+(?<type>[\w<>,\s\[\]?]+?)\s+(?<name>\w+)\s*\{\s*get;\s*(?:set|init);\s*\}(?:\s*=\s*(?<default>[^;]+);)?")]
    private static partial Regex Property();

    [GeneratedRegex(@"^(?:(?:List|IList|IReadOnlyList)<(\w+)>|Dictionary<string,\s*(\w+)>)$")]
    private static partial Regex CollectionType();

    [GeneratedRegex(@"Configuration\[""([^""]+)""\]")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"(?:public|private|internal)\s+static\s+(?:async\s+)?[\w<>\[\],?]+(?:\s*<[^>]*>)?\s+(\w+)\s*(?:<[^>]*>)?\(")]
    private static partial Regex MethodDeclaration();

    [GeneratedRegex(@"\b(\w+)\s*(?:<[\w,\s]*>)?\(")]
    private static partial Regex Call();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
