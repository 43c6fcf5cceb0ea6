using System.Text.RegularExpressions;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>docker-compose.yml is valid for docker-compose v1 (offline), alone and with each of its profiles.</summary>
public sealed partial class ComposeFileTests
{
    public static TheoryData<string> Profiles()
    {
        var data = new TheoryData<string> { "" };
        foreach (var profile in ProfileNames())
        {
            data.Add(profile);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task The_file_is_valid_with_each_profile(string profile)
    {
        var arguments = profile.Length == 0 ? "config -q" : $"--profile {profile} config -q";
        (await DeploymentTools.ComposeAsync(arguments)).ShouldSucceed();
    }

    [Fact]
    public void There_are_the_sqlserver_and_observability_profiles() =>
        Assert.Equal(["observability", "sqlserver"], ProfileNames());

    [Fact]
    public async Task Without_the_settings_of_env_example_it_refuses_to_start_with_a_clear_message()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"yisp-empty-{Guid.NewGuid():N}.env");
        await File.WriteAllTextAsync(empty, "");
        try
        {
            var result = await Bash.RunAsync($"docker-compose --env-file '{empty}' -f docker-compose.yml config -q",
                new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("copy .env.example to .env", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    /// <summary>The gateway, and the agency adapters: agency systems call their adapter directly, not through the
    /// gateway (the adapter calls the gateway), so an adapter is reached on its own port.</summary>
    [Fact]
    public async Task Only_the_gateway_and_the_agency_adapters_publish_an_application_port()
    {
        var compose = await DeploymentTools.ComposeModelAsync();
        var published = compose.Object("services")!.Where(s => s.Value.Items("ports").Any()).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var applications = published.Where(s => compose.Object("services", s, "build") is not null).ToList();
        var adapters = ServiceCatalogue.Discover().Where(s => s.IsAdapter).Select(s => s.Name);
        Assert.Equal(adapters.Append("gateway").Order(StringComparer.Ordinal), applications);
        foreach (var service in published)
        {
            Assert.All(compose.Items("services", service, "ports"), p => Assert.StartsWith("127.0.0.1:", p.Text("host_ip") is { } ip ? ip + ":" : p.ToString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Every_application_container_is_hardened_and_has_a_healthcheck()
    {
        var compose = await DeploymentTools.ComposeModelAsync();
        foreach (var (name, service) in compose.Object("services")!.Where(s => s.Value.Object("build") is not null))
        {
            Assert.True(service.Text("read_only") == "true", $"{name}: read_only");
            Assert.True(service.Items("cap_drop").Any(c => c.ToString() == "ALL"), $"{name}: cap_drop ALL");
            Assert.True(service.Items("healthcheck", "test").Any(), $"{name}: healthcheck");
            Assert.Equal("docker/Dockerfile", service.Text("build", "dockerfile"));
        }
    }

    private static List<string> ProfileNames()
    {
        var text = File.ReadAllText(DeploymentTools.Path("docker-compose.yml"));
        return ProfilesLine().Matches(text).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries))
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"^\s+profiles:\s*\[([^\]]*)\]", RegexOptions.Multiline)]
    private static partial Regex ProfilesLine();
}
