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

    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);
}
