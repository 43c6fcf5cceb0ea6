using System.Globalization;
using Yisp.Scripts.Tests;
using Yisp.Testing;

namespace Yisp.System.Tests;

/// <summary>
/// PostgreSQL and RabbitMQ of the system tests' own, started by scripts/infra.sh (role system) on free ports with a
/// node name of this process, so that a fault can really stop and start them without touching servers others use.
/// </summary>
public sealed class SystemServers : IAsyncDisposable
{
    private static readonly TimeSpan ScriptLimit = TimeSpan.FromMinutes(3);
    private readonly Dictionary<string, string> environment;
    private readonly string folder;

    private SystemServers(Dictionary<string, string> environment, string folder)
    {
        this.environment = environment;
        this.folder = folder;
    }

    public string PostgresAdmin =>
        $"Host=127.0.0.1;Port={environment["YISP_SYSTEM_PG_PORT"]};Username=yisp;Password=yisp;Database=postgres";

    public BrokerEndpoint Broker => new("127.0.0.1", int.Parse(environment["YISP_SYSTEM_RMQ_PORT"], CultureInfo.InvariantCulture),
        "guest", "guest", new Uri($"http://guest:guest@127.0.0.1:{environment["YISP_SYSTEM_RMQ_MGMT_PORT"]}/"));

    private string Node => environment["YISP_SYSTEM_RMQ_NODE"];

    public static async Task<SystemServers> StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["YISP_SYSTEM_PG_PORT"] = Port(),
            ["YISP_SYSTEM_RMQ_PORT"] = Port(),
            ["YISP_SYSTEM_RMQ_MGMT_PORT"] = Port(),
            ["YISP_SYSTEM_RMQ_DIST_PORT"] = Port(),
            ["YISP_SYSTEM_RMQ_NODE"] = $"yisp-system-{Environment.ProcessId}@localhost",
        };
        var started = await Bash.InfraAsync("infra_start system || { infra_stop; exit 1; }\necho \"folder=$INFRA_DIR\"", environment, ScriptLimit);
        var folder = started.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("folder=", StringComparison.Ordinal));
        if (started.ExitCode != 0 || folder is null)
        {
            throw new InvalidOperationException($"The system tests' PostgreSQL and RabbitMQ did not start:\n{started.Output}");
        }
        return new SystemServers(environment, folder["folder=".Length..]);
    }

    public Task StopPostgresAsync() => ServerAsync("postgres", "stop");

    public Task StartPostgresAsync() => ServerAsync("postgres", "start");

    public Task StopRabbitMqAsync() => ServerAsync("rabbitmq", "stop");

    public Task StartRabbitMqAsync() => ServerAsync("rabbitmq", "start");

    private async Task ServerAsync(string server, string action) =>
        (await Bash.InfraAsync($"infra_server system '{folder}' {server} {action}", environment, ScriptLimit)).ShouldSucceed();

    /// <summary>Stops both servers (by their folder and node name) and removes their folder.</summary>
    public async ValueTask DisposeAsync() =>
        (await Bash.InfraAsync($"INFRA_STARTED=('dir:{folder}:{Node}' 'pg:{folder}/pg/data' 'rmq:{Node}:{folder}/rabbit')\ninfra_stop",
            environment, ScriptLimit)).ShouldSucceed();

    private static string Port() => ServiceProcess.FreePort().ToString(CultureInfo.InvariantCulture);
}
