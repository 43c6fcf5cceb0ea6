using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>The benchmark server's own counters: transactions (pg_stat_database) and statements (pg_stat_statements, when loaded).</summary>
public sealed class PostgresStatistics
{
    private readonly string connectionString;
    private bool statementsLoaded;

    private PostgresStatistics(string connectionString, int postmasterId)
    {
        this.connectionString = connectionString;
        PostmasterId = postmasterId;
    }

    public int PostmasterId { get; }

    public static async Task<PostgresStatistics> ConnectAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var backend = await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
        var statistics = new PostgresStatistics(database.ConnectionString, ProcessUsage.ParentOf(backend));
        try
        {
            await connection.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_stat_statements");
            statistics.statementsLoaded = true;
        }
        catch (PostgresException)
        {
            // not in shared_preload_libraries: statements are not counted
        }
        return statistics;
    }

    public async Task<(long Transactions, long? Statements)> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var transactions = await connection.ExecuteScalarAsync<long>("SELECT SUM(xact_commit + xact_rollback)::bigint FROM pg_stat_database");
        long? statements = statementsLoaded ? await connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(calls), 0)::bigint FROM pg_stat_statements") : null;
        return (transactions, statements);
    }

}
