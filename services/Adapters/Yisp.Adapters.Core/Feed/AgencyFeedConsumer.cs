using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Feed;

/// <summary>
/// Reads the agency's own queue and hands each notification to the sink, acknowledging it only once kept: a crash
/// before that redelivers it, and the sink de-duplicates by message id. Reconnects with back-off while the broker is
/// away. Uses only basic.consume, so the adapter's broker user needs read on its queue and nothing else.
/// </summary>
public sealed partial class AgencyFeedConsumer(
    IOptions<FeedOptions> options, IOptions<AdapterOptions> adapter, INotificationSink sink, AdapterMetrics metrics, ILogger<AgencyFeedConsumer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeUntilClosedAsync(stoppingToken);
                delay = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFeedUnavailable(ex, AgencyFeeds.Queue(adapter.Value.Agency), delay.TotalSeconds);
            }
            await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    private async Task ConsumeUntilClosedAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var agency = adapter.Value.Agency;
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username,
            Password = settings.Password,
            ClientProvidedName = $"adapter-{agency}",
        };
        await using var connection = await factory.CreateConnectionAsync(stoppingToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await channel.BasicQosAsync(0, settings.Prefetch, false, stoppingToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.ChannelShutdownAsync += (_, _) =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, agency, stoppingToken);
        await channel.BasicConsumeAsync(AgencyFeeds.Queue(agency), autoAck: false, consumer, stoppingToken);
        LogConsuming(AgencyFeeds.Queue(agency));
        await closed.Task.WaitAsync(stoppingToken);
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, string agency, CancellationToken stoppingToken)
    {
        if (FeedEnvelope.Read(delivery.Body.Span) is not { } notification || notification.Agency != agency)
        {
            LogUnreadable(delivery.DeliveryTag);
            metrics.Refused.Add(1);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, stoppingToken);
            return;
        }
        try
        {
            await sink.AcceptAsync(notification, stoppingToken);
            metrics.Received.Add(1);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogNotKept(ex, notification.NotificationId);
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the agency feed {Queue}")]
    private partial void LogConsuming(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The agency feed {Queue} is unavailable; trying again in {Seconds} s")]
    private partial void LogFeedUnavailable(Exception exception, string queue, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Set aside a feed message that is not a notification for this agency (delivery {Tag})")]
    private partial void LogUnreadable(ulong tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not keep notification {MessageId}; it will be redelivered")]
    private partial void LogNotKept(Exception exception, Guid messageId);
}
