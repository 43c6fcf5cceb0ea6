using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Yisp.Contracts.Agencies;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>
/// Each service has a broker user and a database login of its own, the same in compose, k8s and the operator
/// examples; an agency adapter's broker user reads its own agency's queue only; secrets are referenced, never committed.
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
        foreach (var service in ServiceCatalogue.Discover().Where(s => s.UsesBroker || s.IsAdapter))
        {
            // A service connects with MassTransit (Messaging:*); an adapter reads its feed (Adapter:Feed:*).
            var section = service.IsAdapter ? "Adapter:Feed" : "Messaging";
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
            if (settings.GetValueOrDefault($"{section}:Username") != service.Name)
            {
                problems.Add($"docker-compose.yml: {service.Name} connects to the broker as '{settings.GetValueOrDefault($"{section}:Username")}', not as its own user");
            }
            var passwordKey = section.Replace(":", "__", StringComparison.Ordinal) + "__Password";
            var variable = Regex.Match(File.ReadAllText(DeploymentTools.Path("docker-compose.yml")), $@"\n  {service.Name}:[\s\S]*?{passwordKey}: \$\{{(\w+)").Groups[1].Value;
            if (!env.TryGetValue(variable, out var password) || !HashMatches(user.Text("password_hash")!, password))
            {
                problems.Add($"definitions.json: the password hash of {service.Name} is not that of {variable} in .env.example (docs/operations.md: how to make one)");
            }
            foreach (var overlay in DeploymentTools.Overlays())
            {
                var deployed = DeployedSettings.Kubernetes(overlay, await DeploymentTools.RenderAsync($"k8s/overlays/{overlay}"))[service.Name];
                if (deployed.Settings.GetValueOrDefault($"{section}:Username") != service.Name || !deployed.Has($"{section}:Password"))
                {
                    problems.Add($"{deployed.Where}: {service.Name} must connect as its own user {service.Name}, with {passwordKey} from its Secret");
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
        // The template's first design (configure, write and read its own MassTransit queues): too wide now.
        var old = JsonNode.Parse("""{"user":"adapter-health","vhost":"/","configure":"^agency-health([-_.].*)?$","write":"^agency-health([-_.].*)?$","read":"^agency-health([-_.].*)?$"}""")!;
        Assert.Contains(AdapterPermissionProblems("adapter-health", old), p => p.Contains("read does not reach its own agency.health", StringComparison.Ordinal));
        var wide = JsonNode.Parse("""{"user":"adapter-health","vhost":"/","configure":".*","write":"^agency.*$","read":"^agency\\.health"}""")!;
        var problems = AdapterPermissionProblems("adapter-health", wide).ToList();
        Assert.Contains(problems, p => p.Contains("configure reaches referral-received", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("write reaches agency-notifications", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("read reaches agency.healthcare", StringComparison.Ordinal));
        var unescaped = JsonNode.Parse("""{"user":"adapter-health","vhost":"/","configure":"^$","write":"^$","read":"^agency.health$"}""")!;
        Assert.Contains(AdapterPermissionProblems("adapter-health", unescaped), p => p.Contains("read reaches agency-health", StringComparison.Ordinal));
        var (configure, write, read) = AgencyFeeds.AdapterPermissions("health");
        var scoped = new JsonObject { ["user"] = "adapter-health", ["vhost"] = "/", ["configure"] = configure, ["write"] = write, ["read"] = read };
        Assert.Empty(AdapterPermissionProblems("adapter-health", scoped));
    }

    /// <summary>
    /// An adapter reads its agency's queue (agency.AGENCY, on the exchange agency-notifications, both declared by the
    /// platform and by definitions.json) and nothing else; it configures and writes nothing: exactly
    /// <see cref="AgencyFeeds.AdapterPermissions"/>.
    /// </summary>
    private static IEnumerable<string> AdapterPermissionProblems(string user, JsonNode permission)
    {
        var agency = user["adapter-".Length..];
        var expected = AgencyFeeds.AdapterPermissions(agency);
        string[] others = ["referral-received", "Yisp.Contracts:ReferralReceived", AgencyFeeds.Exchange, AgencyFeeds.Queue("other"),
            AgencyFeeds.Queue(agency + "care"), $"agency-{agency}", $"agency.{agency}_error", "consent", "amq.default", ""];
        foreach (var (kind, want, own) in new[] { ("configure", expected.Configure, (string?)null), ("write", expected.Write, null), ("read", expected.Read, AgencyFeeds.Queue(agency)) })
        {
            var text = permission.Text(kind) ?? "^$";
            if (text != want)
            {
                yield return $"definitions.json: {user} {kind} is '{text}', AgencyFeeds.AdapterPermissions(\"{agency}\") says '{want}'";
            }
            var pattern = new Regex(text);
            if (own is not null && !pattern.IsMatch(own))
            {
                yield return $"definitions.json: {user} {kind} does not reach its own {own}";
            }
            foreach (var name in others.Where(n => n.Length > 0 && pattern.IsMatch(n)))
            {
                yield return $"definitions.json: {user} {kind} reaches {name}, which is not its agency's queue";
            }
        }
    }

    [Fact]
    public void The_definitions_declare_every_agency_feed_so_adapters_can_start_first()
    {
        var definitions = Definitions();
        Assert.Contains(definitions.Items("exchanges"), e => e.Text("name") == AgencyFeeds.Exchange && e.Text("type") == "direct" && e.Text("durable") == "true");
        var problems = new List<string>();
        foreach (var agency in Yisp.Contracts.Agency.All)
        {
            var queue = AgencyFeeds.Queue(agency);
            if (!definitions.Items("queues").Any(q => q.Text("name") == queue && q.Text("vhost") == "/" && q.Text("durable") == "true"))
            {
                problems.Add($"definitions.json: no durable queue {queue}");
            }
            if (!definitions.Items("bindings").Any(b => b.Text("source") == AgencyFeeds.Exchange && b.Text("destination") == queue && b.Text("routing_key") == agency))
            {
                problems.Add($"definitions.json: {queue} is not bound to {AgencyFeeds.Exchange} with routing key {agency}");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
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
            // Login NAME, database yisp_NAME with '-' as '_' (adapter-health: yisp_adapter_health), as init-databases.sh makes them.
            var database = $"yisp_{name.Replace('-', '_')}";
            var connection = new NpgsqlConnectionStringBuilder(services[name].Settings.GetValueOrDefault("Database:ConnectionString", ""));
            if (connection.Database != database || connection.Username != name || connection.Host != "postgres")
            {
                problems.Add($"docker-compose.yml: {name} connects to '{connection.Database}' on '{connection.Host}' as '{connection.Username}', not to {database} on postgres as {name}");
            }
            if (!devDatabases.Contains(name))
            {
                problems.Add($"k8s/dev-infra/postgres: YISP_DATABASES does not create the database of {name}");
            }
            if (!operators.Any(o => o.Text("kind") == "Database" && o.Text("spec", "name") == database && o.Text("spec", "owner") == name))
            {
                problems.Add($"k8s/operators/postgres-databases.yaml: no Database {database} owned by {name}");
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
