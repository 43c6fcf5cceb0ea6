using Npgsql;

namespace Yisp.Testing;

/// <summary>A PostgreSQL database of one test's own, dropped afterwards, so tests never see each other's rows.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="adminConnectionString">The server to create it on; the tests' shared one when null.</param>
    public static async Task<TestDatabase> CreateAsync(string? adminConnectionString = null)
    {
        var admin = adminConnectionString ?? await TestInfrastructure.PostgresAdminAsync();
        var database = new TestDatabase(admin, $"yisp_test_{Guid.NewGuid():N}");
        await database.ExecuteAdminAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
