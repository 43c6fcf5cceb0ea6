using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Yisp.Data.Dialects;

public sealed class SqlServerDialect : ISqlDialect
{
    private const int UniqueConstraintViolation = 2627;
    private const int UniqueIndexViolation = 2601;

    public DatabaseEngine Engine => DatabaseEngine.SqlServer;

    public string AcquireSessionLock =>
        "EXEC sp_getapplock @Resource = @lockName, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1";

    public string ReleaseSessionLock => "EXEC sp_releaseapplock @Resource = @lockName, @LockOwner = 'Session'";

    public string InList(string column, string parameter) => $"{column} IN @{parameter}";

    public string LockingSelect(string columns, string table, string where) => $"SELECT {columns} FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {where}";

    public object IdList(IReadOnlyCollection<Guid> ids) => ids.ToArray();

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: UniqueConstraintViolation or UniqueIndexViolation };

    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);
}
