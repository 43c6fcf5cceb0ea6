using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.Messaging.Tests.Support;

public static class Sql
{
    public static async Task<T> ScalarAsync<T>(TestDatabase database, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("No value.");
    }

    public static async Task ExecuteAsync(TestDatabase database, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }
}
