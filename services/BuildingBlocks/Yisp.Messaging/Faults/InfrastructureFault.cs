using System.Data.Common;
using System.Net.Sockets;

namespace Yisp.Messaging.Faults;

/// <summary>
/// Tells a failure of the database or network (which passes, so the message must wait and try again, however long it
/// takes) from a failure of the message itself (which retrying a few times will not mend, so it goes to _error).
/// </summary>
public static class InfrastructureFault
{
    public static bool Is(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(Is))
            {
                return true;
            }
            if (current is TimeoutException or SocketException or RabbitMQ.Client.Exceptions.BrokerUnreachableException
                || current is DbException database && (database.IsTransient || IsConnectionState(database.SqlState)))
            {
                return true;
            }
        }
        return false;
    }

    // SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (operator intervention: shutdown, restart).
    private static bool IsConnectionState(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal)
                                 || sqlState.StartsWith("53", StringComparison.Ordinal)
                                 || sqlState.StartsWith("57P", StringComparison.Ordinal));
}
