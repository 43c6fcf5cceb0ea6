using System.Text.Json.Nodes;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>
/// The offline tools CI checks the deployment files with: docker-compose v1 (`config`), kubectl's kustomize and the
/// Node schema check in k8s/checks. Each result is computed once per test run.
/// </summary>
public static class DeploymentTools
{
    public const string EnvExample = ".env.example";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Dictionary<string, Lazy<Task<ScriptResult>>> Cache = [];
    private static readonly Lazy<Task<ScriptResult>> NpmInstall = new(() =>
        Bash.RunAsync("cd k8s/checks && npm ci --no-audit --no-fund --loglevel=error", new Dictionary<string, string>(), Timeout));

    public static string Root => Bash.RepositoryRoot;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Every folder under k8s/overlays: each must render.</summary>
    public static IReadOnlyList<string> Overlays() =>
        Directory.GetDirectories(Path("k8s", "overlays")).Select(System.IO.Path.GetFileName).OfType<string>().Order().ToList();

    public static Task<ScriptResult> RunAsync(string script) => Once(script, () =>
        Bash.RunAsync(script, new Dictionary<string, string> { ["KUBECONFIG"] = "/dev/null" }, Timeout));

    public static Task<ScriptResult> ComposeAsync(string arguments) =>
        RunAsync(StdoutOnly($"docker-compose --env-file {EnvExample} -f docker-compose.yml {arguments}"));

    public static Task<ScriptResult> KustomizeAsync(string folder) => RunAsync(StdoutOnly($"kubectl kustomize {folder}"));

    /// <summary>Standard error (warnings) only when the command fails, so that the output parses as YAML.</summary>
    private static string StdoutOnly(string command) =>
        $"err=$(mktemp); if {command} 2>\"$err\"; then rm -f \"$err\"; else s=$?; cat \"$err\"; rm -f \"$err\"; exit $s; fi";

    /// <summary>The compose file as docker-compose resolves it (anchors merged, variables from .env.example).</summary>
    public static async Task<JsonObject> ComposeModelAsync(string profiles = "--profile sqlserver --profile observability")
    {
        var result = (await ComposeAsync($"{profiles} config")).ShouldSucceed();
        return Yaml.Document(result.Output);
    }

    public static async Task<List<JsonObject>> RenderAsync(string folder) =>
        Yaml.Documents((await KustomizeAsync(folder)).ShouldSucceed().Output);

    /// <summary>Runs k8s/checks/schema-check.mjs over YAML text (after `npm ci` there, once).</summary>
    public static async Task<ScriptResult> SchemaCheckAsync(string yaml, string options = "")
    {
        (await NpmInstall.Value).ShouldSucceed();
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"yisp-k8s-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            return await Bash.RunAsync($"node k8s/checks/schema-check.mjs {options} '{file}'", new Dictionary<string, string>(), Timeout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Task<ScriptResult> Once(string key, Func<Task<ScriptResult>> run)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(key, out var result))
            {
                Cache[key] = result = new Lazy<Task<ScriptResult>>(run);
            }
            return result.Value;
        }
    }
}
