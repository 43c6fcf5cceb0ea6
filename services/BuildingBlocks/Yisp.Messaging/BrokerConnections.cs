using RabbitMQ.Client;

namespace Yisp.Messaging;

/// <summary>A plain RabbitMQ connection with the service's broker settings, for work MassTransit does not do.</summary>
public static class BrokerConnections
{
    public static ConnectionFactory Factory(MessagingOptions settings) => new()
    {
        HostName = settings.Host,
        Port = settings.Port,
        VirtualHost = settings.VirtualHost,
        UserName = settings.Username,
        Password = settings.Password,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
    };
}
