using System.Reflection;
using MassTransit;

namespace Yisp.Messaging;

/// <summary>
/// How soon a consumer reconnects after the broker went away (and a publish retries its send: MassTransit uses the same
/// waits). MassTransit 8 waits about 6, 9, 15, 27 and then 30 s between attempts, with no setting to change it: after a
/// 10 s broker outage, consumers came back 6 to 22 s later. This keeps MassTransit's choice of which faults to retry and
/// replaces only the waits, on the one field that holds them (MassTransit is pinned at 8.5; the bus fails to build, and
/// <c>BrokerReconnectTests</c> fails, if the field moves). MassTransit adds a 1 s pause before each attempt and never
/// starts the schedule again after a recovery, so a later outage waits the longest from the start: 5 s, not 30. An
/// attempt against a broker that is still down costs one refused TCP connection.
/// </summary>
internal static class BrokerReconnect
{
    private const string HostField = "_hostConfiguration";
    private const string PolicyField = "<ReceiveTransportRetryPolicy>k__BackingField";

    public static void WaitAtMost(IRabbitMqBusFactoryConfigurator rabbit, TimeSpan first, TimeSpan longest)
    {
        var host = Field(rabbit.GetType(), HostField).GetValue(rabbit)
                   ?? throw new InvalidOperationException("MassTransit's RabbitMQ host configuration is not set.");
        var policyField = Field(host.GetType(), PolicyField);
        var faultsRetried = (IRetryPolicy)policyField.GetValue(host)!;
        policyField.SetValue(host, Retry.CreatePolicy(retry =>
        {
            retry.Handle<Exception>(faultsRetried.IsHandled);
            retry.Exponential(int.MaxValue, first, longest, first);
        }));
    }

    private static FieldInfo Field(Type type, string name) =>
        type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException($"{type.FullName} has no field {name}: MassTransit changed; see BrokerReconnect.");
}
