namespace Yisp.Testing;

/// <summary>A RabbitMQ broker: where clients connect and where its management API answers.</summary>
public sealed record BrokerEndpoint(string Host, int Port, string Username, string Password, Uri Management)
{
    public static BrokerEndpoint From(Uri amqp, Uri management)
    {
        var credentials = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        return new BrokerEndpoint(
            amqp.Host,
            amqp.IsDefaultPort || amqp.Port <= 0 ? 5672 : amqp.Port,
            credentials.ElementAtOrDefault(0) is { Length: > 0 } user ? user : "guest",
            credentials.ElementAtOrDefault(1) ?? "guest",
            management);
    }
}
