using System.Data.Common;
using Microsoft.Extensions.Options;
using Yisp.Data.Dialects;

namespace Yisp.Data;

/// <summary>Opens connections to the service's own database on the configured engine.</summary>
public sealed class Database(IOptions<DatabaseOptions> options, ISqlDialect dialect)
{
    public ISqlDialect Dialect => dialect;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
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
