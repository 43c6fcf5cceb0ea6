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

    /// <summary>Starts the statements' counts from nothing, so the top statements are the measured run's alone.</summary>
    public async Task ResetStatementsAsync()
    {
        if (statementsLoaded)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.ExecuteAsync("SELECT pg_stat_statements_reset()");
        }
    }

    /// <summary>The statements run most often since the reset, per unit of work: calls, mean time, database (by label) and text.</summary>
    /// <param name="byTime">The statements that took the most time in all, rather than those run most often.</param>
    public async Task<IReadOnlyList<string>> TopStatementsAsync(int units, int count, IReadOnlyDictionary<string, string> databaseLabels, bool byTime = false)
    {
        if (!statementsLoaded || units == 0)
        {
            return [];
        }
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync<(long Calls, double TotalMs, string Database, string Query)>("""
            SELECT s.calls, s.total_exec_time, COALESCE(d.datname, '?'), regexp_replace(s.query, '\s+', ' ', 'g')
            FROM pg_stat_statements s LEFT JOIN pg_database d ON d.oid = s.dbid
            ORDER BY CASE WHEN @byTime THEN s.total_exec_time ELSE s.calls END DESC LIMIT @count
            """, new { count, byTime });
        return [.. rows.Select(r => FormattableString.Invariant(
            $"{r.Calls / (double)units,5:F2}/unit {r.TotalMs / Math.Max(1, r.Calls),6:F3} ms ({r.TotalMs / units,5:F3} ms/unit)  {databaseLabels.GetValueOrDefault(r.Database, r.Database),-12} {r.Query[..Math.Min(110, r.Query.Length)]}"))];
    }

}
