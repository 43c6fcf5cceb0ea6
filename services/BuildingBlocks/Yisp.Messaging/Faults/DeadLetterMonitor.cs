using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Yisp.ServiceDefaults;

namespace Yisp.Messaging.Faults;

/// <summary>Counts the messages in the _error queue of each queue this service consumes, every check interval.</summary>
public sealed partial class DeadLetterMonitor(
    ReceiveQueues queues, DeadLetters deadLetters, IOptions<MessagingOptions> options, TimeProvider time, ILogger<DeadLetterMonitor> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.DeadLetterCheckInterval;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var names = queues.Names;
        if (names.Count == 0)
        {
            return;
        }
        IConnection connection;
        try
        {
            connection = await BrokerConnections.Factory(options.Value).CreateConnectionAsync("dead-letter-monitor", cancellationToken);
        }
        catch (BrokerUnreachableException)
        {
            return; // the broker's health entry says so; the last counts stand until it is back
        }
        await using (connection)
        {
            foreach (var name in names)
            {
                var errorQueue = name + "_error";
                var count = await CountAsync(connection, errorQueue, cancellationToken);
                var before = deadLetters.Record(errorQueue, count);
                if (count > before)
                {
                    LogParked(count - before, errorQueue, count);
                }
            }
        }
    }

    private static async Task<long> CountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a queue that does not exist closes the channel: one channel per queue.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return declared.MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return 0; // MassTransit creates an _error queue with its first fault
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Added} message(s) failed on their own and were parked in {Queue} ({Count} waiting): an operator must look at them")]
    private partial void LogParked(long added, string queue, long count);
}
