using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>
/// Each service has a broker user and a database login of its own, the same in compose, k8s and the operator
/// examples; an agency adapter's broker user reaches its own queue only; secrets are referenced, never committed.
/// </summary>
public sealed class BrokerAndDatabaseTests
{
    private static readonly string DefinitionsFile = DeploymentTools.Path("k8s", "dev-infra", "rabbitmq", "definitions.json");

    private static JsonObject Definitions() => JsonNode.Parse(File.ReadAllText(DefinitionsFile))!.AsObject();

    private static Dictionary<string, string> EnvExample() =>
        File.ReadAllLines(DeploymentTools.Path(DeploymentTools.EnvExample)).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

    /// <summary>RabbitMQ's rabbit_password_hashing_sha256: base64(salt (4 bytes) + SHA-256(salt + password)).</summary>
    public static bool HashMatches(string hash, string password)
    {
        var bytes = Convert.FromBase64String(hash);
        var salted = bytes[..4].Concat(Encoding.UTF8.GetBytes(password)).ToArray();
        return bytes.Length == 36 && SHA256.HashData(salted).SequenceEqual(bytes[4..]);
    }

    [Fact]
    public async Task Every_service_on_the_broker_has_its_own_user_whose_development_password_matches_the_definitions()
    {
        var definitions = Definitions();
        var compose = DeployedSettings.Compose(await DeploymentTools.ComposeModelAsync());
        var env = EnvExample();
        var problems = new List<string>();
        foreach (var service in ServiceCatalogue.Discover().Where(s => s.UsesBroker))
        {
            var user = definitions.Items("users").FirstOrDefault(u => u.Text("name") == service.Name);
            if (user is null)
            {
                problems.Add($"{service.Name} uses the broker but k8s/dev-infra/rabbitmq/definitions.json has no user {service.Name}");
                continue;
            }
            if (!definitions.Items("permissions").Any(p => p.Text("user") == service.Name && p.Text("vhost") == "/"))
            {
                problems.Add($"definitions.json: user {service.Name} has no permissions on the virtual host /");
            }
            var settings = compose[service.Name].Settings;
            if (settings.GetValueOrDefault("Messaging:Username") != service.Name)
            {
                problems.Add($"docker-compose.yml: {service.Name} connects to the broker as '{settings.GetValueOrDefault("Messaging:Username")}', not as its own user");
            }
            var variable = Regex.Match(File.ReadAllText(DeploymentTools.Path("docker-compose.yml")), $@"{service.Name}:[\s\S]*?Messaging__Password: \$\{{(\w+)").Groups[1].Value;
            if (!env.TryGetValue(variable, out var password) || !HashMatches(user.Text("password_hash")!, password))
            {
                problems.Add($"definitions.json: the password hash of {service.Name} is not that of {variable} in .env.example (docs/operations.md: how to make one)");
            }
            foreach (var overlay in DeploymentTools.Overlays())
            {
                var deployed = DeployedSettings.Kubernetes(overlay, await DeploymentTools.RenderAsync($"k8s/overlays/{overlay}"))[service.Name];
                if (deployed.Settings.GetValueOrDefault("Messaging:Username") != service.Name || !deployed.Has("Messaging:Password"))
                {
                    problems.Add($"{deployed.Where}: {service.Name} must connect as its own user {service.Name}, with Messaging__Password from its Secret");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Adapter_users_reach_their_own_agency_queue_only()
    {
        var definitions = Definitions();
        var adapters = ServiceCatalogue.Discover().Where(s => s.IsAdapter).Select(s => s.Name).ToList();
        var problems = new List<string>();
        foreach (var user in definitions.Items("users").Select(u => u.Text("name")!).Where(n => n.StartsWith("adapter-", StringComparison.Ordinal)).Union(adapters))
        {
            var permission = definitions.Items("permissions").FirstOrDefault(p => p.Text("user") == user);
            problems.AddRange(permission is null ? [$"definitions.json: no permissions for {user}"] : AdapterPermissionProblems(user, permission));
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_adapter_permission_check_rejects_a_user_that_can_read_the_platform()
    {
        var wide = JsonNode.Parse("""{"user":"adapter-health","vhost":"/","configure":".*","write":"^agency-health.*$","read":".*"}""")!;
        var problems = AdapterPermissionProblems("adapter-health", wide);
        Assert.Contains(problems, p => p.Contains("configure reaches referral-received", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("write reaches agency-healthcare", StringComparison.Ordinal));
        var scoped = JsonNode.Parse("""{"user":"adapter-health","vhost":"/","configure":"^agency-health([-_.].*)?$","write":"^agency-health([-_.].*)?$","read":"^agency-health([-_.].*)?$"}""")!;
        Assert.Empty(AdapterPermissionProblems("adapter-health", scoped));
    }

    private static IEnumerable<string> AdapterPermissionProblems(string user, JsonNode permission)
    {
        var agency = user["adapter-".Length..];
        string[] own = [$"agency-{agency}", $"agency-{agency}_error", $"agency-{agency}_skipped"];
        string[] others = ["referral-received", "Yisp.Contracts:ReferralReceived", "agency-other", $"agency-{agency}care", "consent"];
        foreach (var kind in new[] { "configure", "write", "read" })
        {
            var pattern = new Regex(permission.Text(kind) ?? "^$");
            foreach (var name in own.Where(n => !pattern.IsMatch(n)))
            {
                yield return $"definitions.json: {user} {kind} does not reach its own {name}";
            }
            foreach (var name in others.Where(n => pattern.IsMatch(n)))
            {
                yield return $"definitions.json: {user} {kind} reaches {name}, which is not its agency's";
            }
        }
    }

    [Fact]
    public async Task The_operator_examples_have_the_same_broker_users_and_permissions_as_the_definitions()
    {
        var objects = await DeploymentTools.RenderAsync("k8s/operators");
        var problems = new List<string>();
        foreach (var permission in Definitions().Items("permissions"))
        {
            var user = permission.Text("user")!;
            if (user == "yisp-admin")
            {
                continue;
            }
            var example = objects.FirstOrDefault(o => o.Text("kind") == "Permission" && o.Text("spec", "userReference", "name") == user);
            if (!objects.Any(o => o.Text("kind") == "User" && o.Text("metadata", "name") == user) || example is null)
            {
                problems.Add($"k8s/operators/rabbitmq-users.yaml has no User and Permission for {user}");
                continue;
            }
            foreach (var kind in new[] { "configure", "write", "read" })
            {
                if (example.Text("spec", "permissions", kind) != permission.Text(kind))
                {
                    problems.Add($"k8s/operators/rabbitmq-users.yaml: {user} {kind} is '{example.Text("spec", "permissions", kind)}', definitions.json says '{permission.Text(kind)}'");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_service_with_a_database_has_its_own_database_and_login_everywhere()
    {
        var compose = await DeploymentTools.ComposeModelAsync();
        var services = DeployedSettings.Compose(compose);
        var operators = await DeploymentTools.RenderAsync("k8s/operators");
        var dev = await DeploymentTools.RenderAsync("k8s/overlays/dev");
        var devDatabases = dev.Single(o => o.Text("kind") == "StatefulSet" && o.Text("metadata", "name") == "postgres")
            .Items("spec", "template", "spec", "containers").First().Items("env").Single(e => e.Text("name") == "YISP_DATABASES").Text("value")!.Split(' ');
        var problems = new List<string>();
        foreach (var service in ServiceCatalogue.Discover().Where(s => s.UsesDatabase))
        {
            var name = service.Name;
            foreach (var initialiser in new[] { "postgres", "sqlserver-init" })
            {
                if (!(compose.Text("services", initialiser, "environment", "YISP_DATABASES") ?? "").Split(' ').Contains(name))
                {
                    problems.Add($"docker-compose.yml: {initialiser} does not create the database of {name} (YISP_DATABASES)");
                }
            }
            var connection = new NpgsqlConnectionStringBuilder(services[name].Settings.GetValueOrDefault("Database:ConnectionString", ""));
            if (connection.Database != $"yisp_{name}" || connection.Username != name || connection.Host != "postgres")
            {
                problems.Add($"docker-compose.yml: {name} connects to '{connection.Database}' on '{connection.Host}' as '{connection.Username}', not to yisp_{name} on postgres as {name}");
            }
            if (!devDatabases.Contains(name))
            {
                problems.Add($"k8s/dev-infra/postgres: YISP_DATABASES does not create the database of {name}");
            }
            if (!operators.Any(o => o.Text("kind") == "Database" && o.Text("spec", "name") == $"yisp_{name}" && o.Text("spec", "owner") == name))
            {
                problems.Add($"k8s/operators/postgres-databases.yaml: no Database yisp_{name} owned by {name}");
            }
            if (!DeployedSettings.SecretExampleKeys($"{name}-secrets").Contains("Database__ConnectionString"))
            {
                problems.Add($"k8s/secrets/{name}.env.example: no Database__ConnectionString");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Secrets_are_referenced_and_never_committed_with_values()
    {
        var problems = new List<string>();
        foreach (var overlay in DeploymentTools.Overlays())
        {
            var objects = await DeploymentTools.RenderAsync($"k8s/overlays/{overlay}");
            problems.AddRange(objects.Where(o => o.Text("kind") == "Secret").Select(o => $"k8s/overlays/{overlay} renders Secret {o.Text("metadata", "name")} with its values"));
            foreach (var reference in objects.SelectMany(o => o.Items("spec", "template", "spec", "containers")).SelectMany(c => c.Items("envFrom")).Select(e => e.Text("secretRef", "name")).OfType<string>())
            {
                _ = DeployedSettings.SecretExampleKeys(reference);
            }
        }
        foreach (var example in Directory.GetFiles(DeploymentTools.Path("k8s", "secrets"), "*.env.example"))
        {
            foreach (var line in File.ReadAllLines(example).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')))
            {
                var value = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
                if (!value.Contains("CHANGE_ME", StringComparison.Ordinal) && value is not "k1")
                {
                    problems.Add($"{Path.GetFileName(example)}: {line} holds a value; write CHANGE_ME");
                }
            }
        }
        var composeText = File.ReadAllText(DeploymentTools.Path("docker-compose.yml"));
        var env = EnvExample();
        problems.AddRange(Regex.Matches(composeText, @"^[^#\n]*\$\{(\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct()
            .Where(v => !env.ContainsKey(v)).Select(v => $"docker-compose.yml uses ${{{v}}}, which .env.example does not set"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
