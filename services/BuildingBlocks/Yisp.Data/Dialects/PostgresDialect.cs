using System.Data.Common;
using Npgsql;

namespace Yisp.Data.Dialects;

public sealed class PostgresDialect : ISqlDialect
{
    public DatabaseEngine Engine => DatabaseEngine.Postgres;

    // Advisory locks take a bigint key: hash the name into one on the server.
    public string AcquireSessionLock => "SELECT pg_advisory_lock(hashtextextended(@lockName, 0))";

    public string ReleaseSessionLock => "SELECT pg_advisory_unlock(hashtextextended(@lockName, 0))";

    public string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public string LockingSelect(string columns, string table, string where) => $"SELECT {columns} FROM {table} WHERE {where} FOR UPDATE";

    public object IdList(IReadOnlyCollection<Guid> ids) => ids.ToArray();

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Statements a service runs again and again are prepared on the server once per connection (parsed and planned once),
    /// and pooled connections skip the session reset (DISCARD ALL) when they go back to the pool: a round trip per unit of
    /// work the services do not need, since they leave no session state behind (a transaction left open is rolled back all
    /// the same), and it would drop those prepared statements.
    /// </summary>
    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(Tuned(connectionString));

    private static string Tuned(string connectionString)
    {
        if (lastTuned is { } known && string.Equals(known.Given, connectionString, StringComparison.Ordinal))
        {
            return known.Used;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = 64 };
        var converted = new ConvertedConnectionString(connectionString, builder.ConnectionString);
        lastTuned = converted;
        return converted.Used;
    }

    private sealed record ConvertedConnectionString(string Given, string Used);

    private static ConvertedConnectionString? lastTuned; // one service, one database: the one conversion it needs
}
