using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Yisp.Contracts;
using Yisp.Contracts.Agencies;

namespace Yisp.Messaging.Feeds;

/// <summary>
/// The agencies' feeds on the broker: notifications go to one direct exchange and, by agency code, to that agency's
/// durable queue, which only its adapter may read. Declared (idempotently) before the outbox relay publishes anything,
/// so no notification is ever published to an exchange whose queues do not exist yet.
/// </summary>
public sealed class AgencyFeedTopology(IOptions<MessagingOptions> options)
{
    private volatile bool declared;

    /// <summary>How MassTransit publishes a notification: to the feeds' exchange, routed by the agency code.</summary>
    public static void Configure(IRabbitMqBusFactoryConfigurator rabbit)
    {
        rabbit.Message<AgencyNotification>(message => message.SetEntityName(AgencyFeeds.Exchange));
        rabbit.Publish<AgencyNotification>(publish => publish.ExchangeType = ExchangeType.Direct);
        rabbit.Send<AgencyNotification>(send => send.UseRoutingKeyFormatter(context => context.Message.Agency));
    }

    /// <returns>False when the broker could not be reached (the relay backs off and asks again).</returns>
    public async Task<bool> EnsureDeclaredAsync(CancellationToken cancellationToken)
    {
        if (declared)
        {
            return true;
        }
        var factory = BrokerConnections.Factory(options.Value);
        try
        {
            await using var connection = await factory.CreateConnectionAsync("agency-feed-topology", cancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.ExchangeDeclareAsync(AgencyFeeds.Exchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            foreach (var agency in Agency.All)
            {
                await channel.QueueDeclareAsync(AgencyFeeds.Queue(agency), durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
                await channel.QueueBindAsync(AgencyFeeds.Queue(agency), AgencyFeeds.Exchange, agency, cancellationToken: cancellationToken);
            }
            declared = true;
            return true;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or TimeoutException
                                       or RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    }
}
