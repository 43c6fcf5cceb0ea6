using System.Data.Common;

namespace Yisp.Data.Dialects;

/// <summary>
/// The few statements that cannot be written once for both engines. Everything else is portable SQL
/// (snake_case names, OFFSET .. FETCH, no vendor functions).
/// </summary>
public interface ISqlDialect
{
    DatabaseEngine Engine { get; }

    /// <summary>Blocks until this session holds the named application lock. Param: @lockName.</summary>
    string AcquireSessionLock { get; }

    /// <summary>Releases the lock taken by <see cref="AcquireSessionLock"/>. Param: @lockName.</summary>
    string ReleaseSessionLock { get; }

    /// <summary>
    /// "column is one of the list in @parameter". Npgsql sends a list as one array parameter, while
    /// Dapper expands it into one parameter per item for SQL Server.
    /// </summary>
    string InList(string column, string parameter);

    /// <summary>A SELECT that also locks the rows it reads until the transaction ends (one round trip instead of two).</summary>
    string LockingSelect(string columns, string table, string where);

    /// <summary>Converts a list of ids into the parameter value a list parameter (<see cref="InList"/>) expects.</summary>
    object IdList(IReadOnlyCollection<Guid> ids);

    bool IsUniqueViolation(DbException exception);

    DbConnection CreateConnection(string connectionString);
}
