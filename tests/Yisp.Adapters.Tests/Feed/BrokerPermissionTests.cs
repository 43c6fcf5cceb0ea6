using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Yisp.Contracts.Agencies;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Feed;

public sealed class BrokerPermissionTests
{
    [Theory]
    [InlineData("police", "health")]
    [InlineData("childrens-social-care", "police")]
    [InlineData("youth-offending-team", "youth-service")]
    [InlineData("youth-service", "youth-offending-team")]
    [InlineData("housing", "police")]
    [InlineData("careers", "education")]
    public async Task An_adapter_user_reads_its_own_agency_queue_and_is_refused_everything_else(string agency, string other)
    {
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await FeedTestBroker.DeclareFeedsAsync(virtualHost);
        var user = $"adapter-{agency}-{Guid.NewGuid():N}";
        var (configure, write, read) = AgencyFeeds.AdapterPermissions(agency);
        await virtualHost.Management.CreateUserAsync(virtualHost.Name, user, "adapter-secret", configure, write, read);
        try
        {
            await using var connection = await FeedTestBroker.ConnectAsync(virtualHost, user, "adapter-secret");

            await using (var own = await connection.CreateChannelAsync())
            {
                await own.BasicConsumeAsync(AgencyFeeds.Queue(agency), autoAck: false, new AsyncEventingNothing(own));
            }
            Assert.Equal(403, await RefusalAsync(connection, c => c.BasicConsumeAsync(AgencyFeeds.Queue(other), autoAck: false, new AsyncEventingNothing(c))));
            Assert.Equal(403, await RefusalAsync(connection, c => c.QueueDeclareAsync($"{agency}-own-queue", durable: true, exclusive: false, autoDelete: false)));
            Assert.Equal(403, await PublishRefusalAsync(connection, AgencyFeeds.Exchange, other));
            Assert.Equal(403, await PublishRefusalAsync(connection, "Yisp.Contracts.Referrals:ReferralReceived", ""));
        }
        finally
        {
            await virtualHost.Management.DeleteUserAsync(user);
        }
    }

    private static async Task<int> RefusalAsync(IConnection connection, Func<IChannel, Task> attempt)
    {
        await using var channel = await connection.CreateChannelAsync();
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => attempt(channel));
        return exception switch
        {
            OperationInterruptedException { ShutdownReason: { } reason } => reason.ReplyCode,
            _ => throw new Xunit.Sdk.XunitException($"Expected the broker to refuse, got {exception}"),
        };
    }

    /// <summary>
    /// A refused publish has no reply: the broker closes the channel. The test waits for that close rather than
    /// sending a probe, which could reach the broker after the channel's close-ok and fail the whole connection.
    /// </summary>
    private static async Task<int> PublishRefusalAsync(IConnection connection, string exchange, string routingKey)
    {
        await using var channel = await connection.CreateChannelAsync();
        var closed = new TaskCompletionSource<ShutdownEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.ChannelShutdownAsync += (_, reason) =>
        {
            closed.TrySetResult(reason);
            return Task.CompletedTask;
        };
        await channel.BasicPublishAsync(exchange, routingKey, true, new BasicProperties(), "{}"u8.ToArray());
        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return reason.ReplyCode;
    }

    /// <summary>A consumer that takes nothing (the test only asks whether consuming is allowed).</summary>
    private sealed class AsyncEventingNothing(IChannel channel) : AsyncDefaultBasicConsumer(channel);
}
