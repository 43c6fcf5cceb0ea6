using System.Data.Common;
using Microsoft.Extensions.Options;
using Yisp.Data.Dialects;
using Yisp.ServiceDefaults.Idempotency;

namespace Yisp.Data;

/// <summary>Opens connections to the service's own database on the configured engine.</summary>
public sealed class Database(IOptions<DatabaseOptions> options, ISqlDialect dialect)
{
    public ISqlDialect Dialect => dialect;

    /// <summary>
    /// Opens a connection. A create holding its transaction for its answer (<see cref="PendingKey"/>) commits it first,
    /// with its Idempotency-Key: whatever the request does next sees, and never waits for, its own effect.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (IdempotentRequest.Current is { Holding: true } key)
        {
            await key.CommitHeldAsync();
        }
        var connection = dialect.CreateConnection(options.Value.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
