using System.Globalization;

namespace Yisp.Scripts.Tests;

/// <summary>
/// The platform's servers (scripts/run-platform.sh's role) keep running, with their data, while the tests' and the
/// benchmarks' servers (scripts/test.sh's and scripts/benchmark.sh's roles) start and stop beside them.
/// </summary>
public sealed class ScriptSafetyTests(PlatformServers platform) : IClassFixture<PlatformServers>
{
    // Ports of the role started beside the platform: neither a developer's platform nor scripts/test.sh's own servers.
    private const int PostgresPort = 55492;
    private const int AmqpPort = 5692;
    private const int ManagementPort = 15692;
    private const int DistributionPort = 25692;

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private Dictionary<string, string> RoleEnvironment(string role, string? node = null)
    {
        var prefix = "YISP_" + role.ToUpperInvariant();
        return new Dictionary<string, string>(platform.Environment)
        {
            [prefix + "_PG_PORT"] = Text(PostgresPort),
            [prefix + "_RMQ_PORT"] = Text(AmqpPort),
            [prefix + "_RMQ_MGMT_PORT"] = Text(ManagementPort),
            [prefix + "_RMQ_DIST_PORT"] = Text(DistributionPort),
            [prefix + "_RMQ_NODE"] = node ?? $"yisp-scripts-{role}-{PlatformServers.RunId}@localhost",
        };
    }

    private List<string> RoleFolders(string role) =>
        Directory.GetDirectories(platform.Root, $"yisp-{role}.*").ToList();

    private static void AssertRoleServersGone(string output)
    {
        foreach (var port in new[] { PostgresPort, AmqpPort, ManagementPort, DistributionPort })
        {
            Assert.False(Bash.Listening(port), $"Something still listens on port {port}.\n{output}");
        }
    }

    [Theory(Timeout = 150_000)]
    [InlineData("test")]
    [InlineData("bench")]
    public async Task Test_infrastructure_beside_the_platform_leaves_its_data_and_broker_untouched(string role)
    {
        await platform.AssertUntouchedAsync("before");

        // What scripts/test.sh and scripts/benchmark.sh do, then use both servers and exit (the EXIT trap stops them).
        var run = await Bash.InfraAsync($$"""
            infra_ensure {{role}}
            echo "folder=$INFRA_DIR"
            PGPASSWORD=yisp psql -h 127.0.0.1 -p "$INFRA_PG_PORT" -U yisp -d postgres -tAc 'SELECT 1' >/dev/null
            curl -fsS "${YISP_TEST_RABBITMQ_MANAGEMENT}api/overview" | grep -q '"node":"yisp-scripts-{{role}}-'
            [ "$YISP_TEST_RABBITMQ" = "amqp://guest:guest@127.0.0.1:{{AmqpPort}}/" ]
            echo "both servers answered"
            """, RoleEnvironment(role));

        run.ShouldSucceed();
        Assert.Contains("both servers answered", run.Output);
        var folder = run.Output.Split('\n').Single(l => l.StartsWith("folder=", StringComparison.Ordinal))["folder=".Length..].Trim();
        Assert.StartsWith(Path.Combine(platform.Root, $"yisp-{role}."), folder);
        Assert.False(Directory.Exists(folder), $"The {role} folder {folder} was not removed.\n{run.Output}");
        AssertRoleServersGone(run.Output);
        await platform.AssertUntouchedAsync(run.Output);
    }

    public static TheoryData<string, string, int, string> TakenPorts => new()
    {
        // role, the setting pointed at one of the platform's ports, that port, what the message must say
        { "test", "PG_PORT", PlatformServers.PostgresPort, "YISP_TEST_PG_PORT" },
        { "test", "RMQ_PORT", PlatformServers.AmqpPort, "YISP_TEST_RMQ_PORT" },
        { "bench", "RMQ_MGMT_PORT", PlatformServers.ManagementPort, "YISP_BENCH_RMQ_MGMT_PORT" },
        { "bench", "RMQ_DIST_PORT", PlatformServers.DistributionPort, "YISP_BENCH_RMQ_DIST_PORT" },
    };

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(TakenPorts))]
    public async Task A_script_finding_its_port_taken_refuses_and_leaves_the_running_server_alone(string role, string setting, int port, string named)
    {
        var environment = RoleEnvironment(role);
        environment[$"YISP_{role.ToUpperInvariant()}_{setting}"] = Text(port);

        var run = await Bash.InfraAsync($"infra_ensure {role}\necho 'started anyway'", environment);

        Assert.True(run.ExitCode != 0, $"The script went on with port {port} taken:\n{run.Output}");
        Assert.DoesNotContain("started anyway", run.Output);
        Assert.Contains($"port {port} (", run.Output);
        Assert.Contains($"already in use on 127.0.0.1: stop what listens there or set {named} to a free port", run.Output);
        Assert.Empty(RoleFolders(role));
        AssertRoleServersGone(run.Output);
        await platform.AssertUntouchedAsync(run.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_node_name_in_use_is_refused()
    {
        var run = await Bash.InfraAsync("infra_ensure test\necho 'started anyway'", RoleEnvironment("test", node: platform.Node));

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains($"a RabbitMQ (Erlang) node named {platform.Node} already runs", run.Output);
        Assert.Contains("YISP_TEST_RMQ_NODE", run.Output);
        Assert.Empty(RoleFolders("test"));
        AssertRoleServersGone(run.Output);
        await platform.AssertUntouchedAsync(run.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_second_platform_on_the_same_data_and_a_reset_are_refused_while_it_runs()
    {
        // A second run-platform.sh on other ports but the same data folder: refused before anything starts.
        var environment = RoleEnvironment("platform", node: $"yisp-scripts-second-{PlatformServers.RunId}@localhost");
        var second = await Bash.InfraAsync("infra_start platform\necho 'started anyway'", environment);
        Assert.True(second.ExitCode != 0, second.Output);
        Assert.Contains($"already runs from {platform.DataFolder}", second.Output);
        AssertRoleServersGone(second.Output);

        // run-platform.sh --reset while the platform runs: refused, nothing deleted.
        var reset = await Bash.InfraAsync("infra_reset platform", platform.Environment);
        Assert.True(reset.ExitCode != 0, reset.Output);
        Assert.Contains($"not deleting {platform.DataFolder}: PostgreSQL (pid ", reset.Output);

        // And with the ports of the running platform: refused too, and the exit trap stops nothing of it.
        var third = await Bash.InfraAsync("trap infra_stop EXIT\ninfra_start platform\necho 'started anyway'", platform.Environment);
        Assert.True(third.ExitCode != 0, third.Output);
        Assert.DoesNotContain("started anyway", third.Output);
        Assert.DoesNotContain("stopped", third.Output);

        await platform.AssertUntouchedAsync(second.Output + reset.Output + third.Output);
    }

    [Fact(Timeout = 150_000)]
    public async Task The_platform_keeps_its_data_across_a_restart()
    {
        var stop = await platform.StopAsync();
        stop.ShouldSucceed();
        Assert.False(Bash.Listening(PlatformServers.PostgresPort), stop.Output);
        Assert.False(Bash.Listening(PlatformServers.AmqpPort), stop.Output);

        var start = await platform.StartAsync();

        start.ShouldSucceed();
        Assert.Contains("PostgreSQL: using the existing data in", start.Output);
        Assert.Contains($"database {PlatformServers.MarkerDatabase} exists", start.Output);
        await platform.AssertUntouchedAsync(stop.Output + start.Output);
    }
}
