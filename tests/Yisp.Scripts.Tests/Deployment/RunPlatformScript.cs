using System.Text.RegularExpressions;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>A service as scripts/run-platform.sh starts it: its port and the settings it passes.</summary>
public sealed record StartedService(string Name, string Folder, int Port, IReadOnlyDictionary<string, string> Settings);

/// <summary>Reads scripts/run-platform.sh: its <c>start_service NAME FOLDER "$PORT" SETTING=VALUE...</c> lines,
/// with "${array[@]}" expanded from the script's own arrays and ports from their defaults.</summary>
public static partial class RunPlatformScript
{
    public static IReadOnlyList<StartedService> Services()
    {
        var text = File.ReadAllText(DeploymentTools.Path("scripts", "run-platform.sh")).Replace("\\\n", " ", StringComparison.Ordinal);
        var ports = PortDefault().Matches(text).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var arrays = ArrayDefinition().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var services = new List<StartedService>();
        foreach (Match line in StartLine().Matches(text))
        {
            var arguments = ArrayUse().Replace(line.Groups["rest"].Value, m => arrays.GetValueOrDefault(m.Groups[1].Value, ""));
            var settings = Setting().Matches(arguments).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));
            services.Add(new(line.Groups["name"].Value, line.Groups["folder"].Value, ports[line.Groups["port"].Value], settings));
        }
        return services;
    }

    [GeneratedRegex(@"^(\w+_PORT)=\$\{\w+:-(\d+)\}", RegexOptions.Multiline)]
    private static partial Regex PortDefault();

    [GeneratedRegex(@"^(\w+)=\(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex ArrayDefinition();

    [GeneratedRegex(@"""\$\{(\w+)\[@\]\}""")]
    private static partial Regex ArrayUse();

    [GeneratedRegex(@"^start_service\s+(?<name>[\w-]+)\s+(?<folder>\S+)\s+""\$(?<port>\w+)""(?<rest>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex StartLine();

    [GeneratedRegex(@"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)")]
    private static partial Regex Setting();
}
