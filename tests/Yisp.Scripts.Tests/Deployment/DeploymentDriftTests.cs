using System.Globalization;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>
/// docker-compose.yml and every k8s overlay run the services the repository has, as scripts/run-platform.sh runs
/// them: the same services, ports and settings, every setting a service needs (and none it does not read).
/// </summary>
public sealed class DeploymentDriftTests
{
    private static async Task<List<DeployedService>> DeploymentsOfAsync(string name)
    {
        var all = new List<DeployedService>();
        if (DeployedSettings.Compose(await DeploymentTools.ComposeModelAsync()).TryGetValue(name, out var compose))
        {
            all.Add(compose);
        }
        foreach (var overlay in DeploymentTools.Overlays())
        {
            var rendered = DeployedSettings.Kubernetes(overlay, await DeploymentTools.RenderAsync($"k8s/overlays/{overlay}"));
            if (rendered.TryGetValue(name, out var deployed))
            {
                all.Add(deployed);
            }
        }
        return all;
    }

    /// <summary>What is missing for each deployable to be deployed everywhere (empty when nothing is).</summary>
    public static List<string> Missing(IEnumerable<DeployableService> deployables, IReadOnlyCollection<string> started,
        IReadOnlyCollection<string> compose, IReadOnlyDictionary<string, IReadOnlyCollection<string>> overlays)
    {
        var missing = new List<string>();
        foreach (var service in deployables)
        {
            var where = new List<string>();
            if (!started.Contains(service.Name))
            {
                where.Add("scripts/run-platform.sh (a start_service line)");
            }
            if (!compose.Contains(service.Name))
            {
                where.Add($"docker-compose.yml (a service named {service.Name})");
            }
            foreach (var (overlay, deployments) in overlays.Where(o => !o.Value.Contains(service.Name)))
            {
                where.Add($"k8s/overlays/{overlay} (a Deployment named {service.Name}: " +
                    (service.IsAdapter ? "see k8s/base/adapters/README.md" : $"k8s/base/services/{service.Name}") + ")");
            }
            if (where.Count > 0)
            {
                missing.Add($"{service.Project} is deployable but not deployed in: {string.Join("; ", where)}");
            }
        }
        return missing;
    }

    [Fact]
    public async Task Every_deployable_project_is_started_and_deployed_everywhere()
    {
        var deployables = ServiceCatalogue.Discover();
        Assert.Contains(deployables, s => s.Name == "referral");
        Assert.Contains(deployables, s => s.Name == "gateway");
        var overlays = new Dictionary<string, IReadOnlyCollection<string>>();
        foreach (var overlay in DeploymentTools.Overlays())
        {
            overlays[overlay] = DeployedSettings.Kubernetes(overlay, await DeploymentTools.RenderAsync($"k8s/overlays/{overlay}")).Keys.ToList();
        }
        var compose = DeployedSettings.Compose(await DeploymentTools.ComposeModelAsync()).Keys.ToList();
        var started = RunPlatformScript.Services().Select(s => s.Name).ToList();
        var missing = Missing(deployables, started, compose, overlays);
        Assert.True(missing.Count == 0, string.Join('\n', missing));

        var names = deployables.Select(d => d.Name).ToList();
        var extra = started.Concat(compose).Concat(overlays.Values.SelectMany(v => v)).Distinct().Except(names).ToList();
        Assert.True(extra.Count == 0, $"Deployed, but no such project in the repository: {string.Join(", ", extra)}");
    }

    [Fact]
    public void A_new_adapter_that_is_not_deployed_fails_with_a_clear_message()
    {
        var adapter = new DeployableService("adapter-health", "services/Adapters/Yisp.Adapters.Health/Yisp.Adapters.Health.csproj", IsAdapter: true);
        var missing = Missing([adapter], ["referral"], ["referral"], new Dictionary<string, IReadOnlyCollection<string>> { ["prod"] = ["referral"] });
        var message = Assert.Single(missing);
        Assert.Contains("Yisp.Adapters.Health.csproj is deployable but not deployed in: scripts/run-platform.sh", message, StringComparison.Ordinal);
        Assert.Contains("docker-compose.yml (a service named adapter-health)", message, StringComparison.Ordinal);
        Assert.Contains("k8s/overlays/prod (a Deployment named adapter-health: see k8s/base/adapters/README.md)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_service_listens_and_is_reached_on_the_port_run_platform_gives_it()
    {
        var problems = new List<string>();
        foreach (var started in RunPlatformScript.Services())
        {
            var port = started.Port.ToString(CultureInfo.InvariantCulture);
            foreach (var deployed in await DeploymentsOfAsync(started.Name))
            {
                if (deployed.Settings.GetValueOrDefault("ASPNETCORE_HTTP_PORTS") != port)
                {
                    problems.Add($"{deployed.Where}: {started.Name} listens on {deployed.Settings.GetValueOrDefault("ASPNETCORE_HTTP_PORTS", "(unset)")}, run-platform.sh on {port}");
                }
                if (deployed.Ports.Count == 0 || deployed.Ports.Any(p => p != port))
                {
                    problems.Add($"{deployed.Where}: {started.Name} is reached on [{string.Join(", ", deployed.Ports)}], not {port}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task The_gateway_routes_every_cluster_to_its_service_by_name_and_port()
    {
        var ports = RunPlatformScript.Services().ToDictionary(s => s.Name, s => s.Port);
        var clusters = RunPlatformScript.Services().Single(s => s.Name == "gateway").Settings.Keys
            .Select(DeployedSettings.Key).Where(k => k.StartsWith("ReverseProxy:Clusters:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(clusters);
        var problems = new List<string>();
        foreach (var deployed in await DeploymentsOfAsync("gateway"))
        {
            foreach (var key in clusters)
            {
                var service = key.Split(':')[2];
                var expected = $"http://{service}:{ports[service]}/";
                if (deployed.Settings.GetValueOrDefault(key) != expected)
                {
                    problems.Add($"{deployed.Where}: gateway {key} is '{deployed.Settings.GetValueOrDefault(key)}', expected {expected}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_setting_run_platform_passes_a_service_is_deployed()
    {
        var problems = new List<string>();
        var catalogue = ServiceCatalogue.Discover().ToDictionary(s => s.Name);
        foreach (var started in RunPlatformScript.Services())
        {
            var read = ServiceCatalogue.KeysRead(catalogue[started.Name]);
            var keys = started.Settings.Keys.Select(DeployedSettings.Key).Where(k => read.Any(p => ServiceCatalogue.Matches(p, k)) && k != "ASPNETCORE_URLS");
            foreach (var deployed in await DeploymentsOfAsync(started.Name))
            {
                problems.AddRange(keys.Where(k => !deployed.Has(k)).Select(k => $"{deployed.Where}: {started.Name} lacks {k} (scripts/run-platform.sh sets it)"));
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_setting_a_service_needs_from_its_deployment_is_deployed()
    {
        var problems = new List<string>();
        foreach (var service in ServiceCatalogue.Discover())
        {
            foreach (var deployed in await DeploymentsOfAsync(service.Name))
            {
                var needed = ServiceCatalogue.KeysToDeploy(service, deployed.Environment, deployed.Settings.GetValueOrDefault("OpenApi:PublicBaseUrl"));
                problems.AddRange(needed.Where(k => !deployed.Has(k)).Select(k =>
                    $"{deployed.Where}: {service.Name} ({deployed.Environment}) needs {k}: it is required, or its default names this machine"));
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_deployed_setting_is_one_the_service_reads()
    {
        var problems = new List<string>();
        foreach (var service in ServiceCatalogue.Discover())
        {
            var read = ServiceCatalogue.KeysRead(service);
            foreach (var deployed in await DeploymentsOfAsync(service.Name))
            {
                problems.AddRange(deployed.Settings.Keys.Where(k => !read.Any(p => ServiceCatalogue.Matches(p, k)))
                    .Select(k => $"{deployed.Where}: {service.Name} is given {k}, which it does not read"));
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_settings_catalogue_knows_what_services_read()
    {
        var referral = ServiceCatalogue.Discover().Single(s => s.Name == "referral");
        var read = ServiceCatalogue.KeysRead(referral);
        Assert.Contains(read, p => ServiceCatalogue.Matches(p, "Referral:Privacy:Keys:k1"));
        Assert.Contains(read, p => ServiceCatalogue.Matches(p, "Messaging:PrefetchCount"));
        Assert.DoesNotContain(read, p => ServiceCatalogue.Matches(p, "Messaging:Prefetch"));
        Assert.Equal(["Audit:ChainKey", "Auth:Authority", "Database:ConnectionString", "Messaging:Host", "OpenApi:PublicBaseUrl", "Referral:Matching:Secret", "Referral:Privacy:ActiveKeyId"],
            ServiceCatalogue.KeysToDeploy(referral, "Production"));
        Assert.DoesNotContain("Referral:Matching:Secret", ServiceCatalogue.KeysToDeploy(referral, "Development"));
        var identity = ServiceCatalogue.Discover().Single(s => s.Name == "identity");
        Assert.DoesNotContain(ServiceCatalogue.KeysRead(identity), p => p.StartsWith("Auth:", StringComparison.Ordinal));
        Assert.Contains(ServiceCatalogue.KeysRead(identity), p => ServiceCatalogue.Matches(p, "Identity:SigningKeys:0:PrivateKeyFile"));
    }
}
