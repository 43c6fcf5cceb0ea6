using System.Text.Json.Nodes;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>How one deployment (compose, or a k8s overlay) runs one service: its settings (configuration keys with
/// ':'), the port it listens on and the ports it is reached at.</summary>
public sealed record DeployedService(string Where, string Name, IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> Ports)
{
    public string Environment => Settings.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Production");

    public bool Has(string pattern) => Settings.Keys.Any(k => ServiceCatalogue.Matches(pattern, k) || ServiceCatalogue.Matches(k, pattern));
}

public static class DeployedSettings
{
    public static string Key(string environmentName) => environmentName.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>The application services of docker-compose.yml (those built from docker/Dockerfile).</summary>
    public static Dictionary<string, DeployedService> Compose(JsonObject compose) =>
        compose.Object("services")!.Where(s => s.Value.Object("build") is not null).ToDictionary(s => s.Key, s =>
        {
            var settings = s.Value.Object("environment")?.ToDictionary(e => Key(e.Key), e => e.Value?.ToString() ?? "") ?? [];
            var ports = s.Value.Items("expose").Select(p => p.ToString())
                .Concat(s.Value.Items("ports").Select(p => p.Text("target") ?? p.ToString().Split(':')[^1].Split('/')[0])).ToList();
            return new DeployedService("docker-compose.yml", s.Key, settings, ports);
        });

    /// <summary>The Deployments of a rendered overlay, with the settings of their env, ConfigMaps, Secrets (keys from
    /// k8s/secrets/*.example) and mounted settings files.</summary>
    public static Dictionary<string, DeployedService> Kubernetes(string overlay, IReadOnlyList<JsonObject> objects)
    {
        var result = new Dictionary<string, DeployedService>();
        foreach (var deployment in objects.Where(o => o.Text("kind") == "Deployment"))
        {
            var name = deployment.Text("metadata", "name")!;
            var settings = new Dictionary<string, string>();
            var pod = deployment.Object("spec", "template", "spec");
            var container = pod.Items("containers").First();
            foreach (var source in container.Items("envFrom"))
            {
                if (source.Text("configMapRef", "name") is { } map)
                {
                    var data = objects.Single(o => o.Text("kind") == "ConfigMap" && o.Text("metadata", "name") == map).Object("data");
                    foreach (var (key, value) in data ?? [])
                    {
                        settings[Key(key)] = value?.ToString() ?? "";
                    }
                }
                if (source.Text("secretRef", "name") is { } secret)
                {
                    foreach (var key in SecretExampleKeys(secret))
                    {
                        settings[Key(key)] = "(secret)";
                    }
                }
            }
            foreach (var variable in container.Items("env"))
            {
                settings[Key(variable.Text("name")!)] = variable.Text("value") ?? "(reference)";
            }
            foreach (var mount in container.Items("volumeMounts").Where(m => m.Text("mountPath")!.EndsWith(".json", StringComparison.Ordinal)))
            {
                var volume = pod.Items("volumes").Single(v => v.Text("name") == mount.Text("name"));
                var example = DeploymentTools.Path("k8s", "secrets", $"{volume.Text("secret", "secretName")!.Replace("-secrets", "", StringComparison.Ordinal)}.appsettings.json.example");
                foreach (var key in JsonKeys(JsonNode.Parse(File.ReadAllText(example)), ""))
                {
                    settings[key] = "(secret file)";
                }
            }
            var ports = objects.Where(o => o.Text("kind") == "Service" && o.Text("metadata", "name") == name)
                .SelectMany(s => s.Items("spec", "ports")).Select(p => p.Text("port")!)
                .Concat(container.Items("ports").Select(p => p.Text("containerPort")!)).Distinct().ToList();
            result[name] = new DeployedService($"k8s/overlays/{overlay}", name, settings, ports);
        }
        return result;
    }

    /// <summary>The keys of Secret NAME as k8s/secrets documents them (an adapter's: adapter.env.example).</summary>
    public static IReadOnlyList<string> SecretExampleKeys(string secret)
    {
        var stem = secret.EndsWith("-secrets", StringComparison.Ordinal) ? secret[..^"-secrets".Length] : secret;
        var file = DeploymentTools.Path("k8s", "secrets", stem.StartsWith("adapter-", StringComparison.Ordinal) ? "adapter.env.example" : $"{stem}.env.example");
        Assert.True(File.Exists(file), $"Secret {secret} is referenced but k8s/secrets has no {Path.GetFileName(file)} saying what it holds.");
        return File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToList();
    }

    private static IEnumerable<string> JsonKeys(JsonNode? node, string prefix) => node switch
    {
        JsonObject o => o.Where(p => p.Key != "//").SelectMany(p => JsonKeys(p.Value, prefix.Length == 0 ? p.Key : $"{prefix}:{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => JsonKeys(item, $"{prefix}:{i}")),
        _ => [prefix],
    };
}
