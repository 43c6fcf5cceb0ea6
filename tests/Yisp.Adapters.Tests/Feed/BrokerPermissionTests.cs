using RabbitMQ.Client;
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
            Assert.Equal(403, await RefusalAsync(connection, async c =>
            {
                await c.BasicPublishAsync(AgencyFeeds.Exchange, other, true, new BasicProperties(), "{}"u8.ToArray());
                await c.BasicQosAsync(0, 1, false); // a refused publish closes the channel; the next call shows it
            }));
            Assert.Equal(403, await RefusalAsync(connection, async c =>
            {
                await c.BasicPublishAsync("Yisp.Contracts.Referrals:ReferralReceived", "", true, new BasicProperties(), "{}"u8.ToArray());
                await c.BasicQosAsync(0, 1, false);
            }));
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

    /// <summary>A consumer that takes nothing (the test only asks whether consuming is allowed).</summary>
    private sealed class AsyncEventingNothing(IChannel channel) : AsyncDefaultBasicConsumer(channel);
}
