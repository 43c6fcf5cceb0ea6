using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Yisp.Scripts.Tests;

/// <summary>
/// The local platform's PostgreSQL and RabbitMQ, started by scripts/infra.sh's platform role in a temporary data
/// folder on ports of their own (not a developer's platform, not scripts/test.sh's servers), with a marker in each:
/// a row in a database, a persistent message in a durable queue. Stopped by its data folder and node name at the end.
/// </summary>
public sealed class PlatformServers : IAsyncLifetime
{
    public const int PostgresPort = 55491;
    public const int AmqpPort = 5691;
    public const int ManagementPort = 15691;
    public const int DistributionPort = 25691;
    public const string MarkerDatabase = "scripts_marker";
    public const string MarkerQueue = "scripts-marker";

    public static readonly string RunId = Guid.NewGuid().ToString("N")[..8];

    private readonly HttpClient management = new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}/"), Timeout = TimeSpan.FromSeconds(10) };

    public PlatformServers()
    {
        Root = Directory.CreateTempSubdirectory("yisp-scripts-tests-").FullName;
        // The servers run as the postgres and rabbitmq users: they must reach the folders inside.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
    }

    /// <summary>A temporary folder: the platform's data folder is in it, and TMPDIR points at it for the test and bench folders.</summary>
    public string Root { get; }

    public string DataFolder => Path.Combine(Root, "platform-data");

    public string Node { get; } = $"yisp-scripts-platform-{RunId}@localhost";

    public string Marker { get; } = $"referral-{Guid.NewGuid():N}";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["TMPDIR"] = Root,
        ["YISP_PLATFORM_DIR"] = DataFolder,
        ["YISP_PLATFORM_PG_PORT"] = PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["YISP_PLATFORM_RMQ_PORT"] = AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["YISP_PLATFORM_RMQ_MGMT_PORT"] = ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["YISP_PLATFORM_RMQ_DIST_PORT"] = DistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["YISP_PLATFORM_RMQ_NODE"] = Node,
    };

    public static string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=yisp;Password=yisp;Database={database};Pooling=false;Timeout=10";

    public async Task InitializeAsync()
    {
        try
        {
            (await StartAsync()).ShouldSucceed();
            await WriteMarkersAsync();
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    public Task<ScriptResult> StartAsync() =>
        Bash.InfraAsync("infra_start platform\ninfra_create_databases " + MarkerDatabase, Environment);

    /// <summary>Stops the platform's servers the way a second shell can: by data folder and node name.</summary>
    public Task<ScriptResult> StopAsync() => Bash.InfraAsync("infra_stop_role platform", Environment);

    public async Task DisposeAsync()
    {
        var stop = await StopAsync();
        var reset = await Bash.InfraAsync("infra_reset platform", Environment);
        management.Dispose();
        Assert.True(stop.ExitCode == 0 && reset.ExitCode == 0, $"Cleaning up failed:\n{stop.Output}\n{reset.Output}");
        Directory.Delete(Root, recursive: true);
    }

    private async Task WriteMarkersAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString(MarkerDatabase)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE marker (text text NOT NULL); INSERT INTO marker VALUES (@text)", connection);
            command.Parameters.AddWithValue("text", Marker);
            await command.ExecuteNonQueryAsync();
        }
        (await management.PutAsJsonAsync($"api/queues/%2F/{MarkerQueue}", new { durable = true, auto_delete = false })).EnsureSuccessStatusCode();
        var published = await management.PostAsJsonAsync("api/exchanges/%2F/amq.default/publish", new
        {
            properties = new { delivery_mode = 2 },
            routing_key = MarkerQueue,
            payload = Marker,
            payload_encoding = "string",
        });
        published.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await published.Content.ReadAsStringAsync());
        Assert.True(answer.RootElement.GetProperty("routed").GetBoolean(), "The marker message was not routed to its queue.");
    }

    /// <summary>The platform's data folder, its PostgreSQL with the marker row, its RabbitMQ node (by name) with the
    /// durable queue still holding the persistent marker message.</summary>
    public async Task AssertUntouchedAsync(string context)
    {
        Assert.True(File.Exists(Path.Combine(DataFolder, "pg", "data", "PG_VERSION")), $"The platform's PostgreSQL data folder is gone.\n{context}");
        Assert.True(Directory.Exists(Path.Combine(DataFolder, "rabbit", "mnesia")), $"The platform's RabbitMQ data folder is gone.\n{context}");

        await using (var connection = new NpgsqlConnection(ConnectionString(MarkerDatabase)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT text FROM marker", connection);
            Assert.Equal(Marker, (string?)await command.ExecuteScalarAsync());
        }

        using (var overview = JsonDocument.Parse(await management.GetStringAsync("api/overview")))
        {
            Assert.Equal(Node, overview.RootElement.GetProperty("node").GetString());
        }
        using (var queue = JsonDocument.Parse(await management.GetStringAsync($"api/queues/%2F/{MarkerQueue}")))
        {
            Assert.True(queue.RootElement.GetProperty("durable").GetBoolean());
        }
        // Look at the message and put it back.
        var got = await management.PostAsync($"api/queues/%2F/{MarkerQueue}/get", new StringContent(
            """{"count":1,"ackmode":"ack_requeue_true","encoding":"auto"}""", Encoding.UTF8, "application/json"));
        got.EnsureSuccessStatusCode();
        using var messages = JsonDocument.Parse(await got.Content.ReadAsStringAsync());
        var list = messages.RootElement.EnumerateArray().ToList();
        Assert.True(list.Count == 1, $"The marker queue is empty.\n{context}");
        Assert.Equal(Marker, list[0].GetProperty("payload").GetString());
    }
}
