using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Data;
using Yisp.Testing;

namespace Yisp.Messaging.Tests.Support;

/// <summary>A service host with the messaging building blocks, the tests' contracts and consumers.</summary>
public static class MessagingTestHost
{
    public static Task<WebApplication> StartAsync(
        TestDatabase database,
        TestVirtualHost virtualHost,
        Action<IBusRegistrationConfigurator>? consumers = null,
        IReadOnlyDictionary<string, string?>? overrides = null,
        int? brokerPort = null)
    {
        var settings = TestSettings.For(database, virtualHost, brokerPort);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return TestServiceHost.StartAsync(settings, builder =>
        {
            builder.AddDatabase(typeof(MessagingTestHost).Assembly);
            builder.Services.AddContracts(typeof(WorkItemCreated).Assembly);
            builder.Services.AddSingleton<AttemptLog>();
            builder.AddMessaging("Test", consumers);
        });
    }
}
