using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Yisp.Contracts.Referrals;
using Yisp.Data;
using Yisp.Messaging.Correlation;
using Yisp.Messaging.Faults;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults;

namespace Yisp.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with the Dapper outbox and inbox: a message that fails on its own is retried with
    /// back-off and then lands in its _error queue (counted and reported); one that fails because the database or
    /// network is down waits and retries until it is back. The relay and cleanup run in the background.
    /// </summary>
    /// <param name="service">Prefixes this service's queue names: two services' consumers of one event must never share a queue.</param>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder, string service, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MessagingOptions>(builder.Configuration, MessagingOptions.Section);
        services.AddValidatedOptions<OutboxOptions>(builder.Configuration, OutboxOptions.Section);
        services.AddMetrics();
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<OutboxSignal>();
        services.AddContracts(typeof(ReferralReceived).Assembly);
        services.AddSingleton<MessageTypes>();
        services.AddSingleton<UnitOfWorkFactory>();
        services.AddSingleton<OutboxPublisher>();
        services.AddSingleton<WarmRoutes>();
        services.AddSingleton<IReceiveEndpointObserver>(sp => sp.GetRequiredService<WarmRoutes>());
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<Feeds.AgencyFeedTopology>();
        if (builder.Configuration.GetValue($"{OutboxOptions.Section}:{nameof(OutboxOptions.RelayEnabled)}", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        }
        services.AddSingleton<OutboxCleanup>();
        if (builder.Configuration.GetValue($"{OutboxOptions.Section}:{nameof(OutboxOptions.CleanupEnabled)}", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<OutboxCleanup>());
        }
        services.AddMigrations(typeof(MessagingExtensions).Assembly);
        services.AddSingleton<ReceiveQueues>();
        services.AddSingleton<IReceiveEndpointObserver>(sp => sp.GetRequiredService<ReceiveQueues>()); // MassTransit connects it
        services.AddSingleton<DeadLetters>();
        services.AddHostedService<DeadLetterMonitor>();
        services.AddHealthChecks()
            .AddCheck<BrokerHealthCheck>("broker", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<DeadLetters>("dead-letters", tags: [HealthEndpoints.ReadyTag]);

        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service, includeNamespace: false));
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "bus";
                health.MinimalFailureStatus = HealthStatus.Degraded; // see BrokerHealthCheck
                health.Tags.Clear();
                health.Tags.Add(HealthEndpoints.ReadyTag);
            });
            consumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var settings = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                endpoint.UseMessageRetry(outage =>
                {
                    outage.Handle<Exception>(InfrastructureFault.Is);
                    outage.Exponential(int.MaxValue, settings.RetryMinInterval, settings.OutageRetryMaxInterval, settings.RetryMinInterval);
                });
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Ignore<Exception>(InfrastructureFault.Is);
                    retry.Exponential(settings.RetryLimit, settings.RetryMinInterval, settings.RetryMaxInterval, settings.RetryMinInterval);
                });
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var settings = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                rabbit.Host(settings.Host, (ushort)settings.Port, settings.VirtualHost, host =>
                {
                    host.Username(settings.Username);
                    host.Password(settings.Password);
                });
                BrokerReconnect.WaitAtMost(rabbit, TimeSpan.FromSeconds(1), settings.OutageRetryMaxInterval);
                rabbit.PrefetchCount = settings.PrefetchCount;
                Feeds.AgencyFeedTopology.Configure(rabbit);
                rabbit.UseConsumeFilter(typeof(CorrelationConsumeFilter<>), context);
                rabbit.UsePublishFilter(typeof(CorrelationPublishFilter<>), context);
                rabbit.UseSendFilter(typeof(CorrelationSendFilter<>), context);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>Lets the outbox carry the contracts of another assembly (tests register their own).</summary>
    public static IServiceCollection AddContracts(this IServiceCollection services, System.Reflection.Assembly assembly) =>
        services.AddSingleton(new ContractAssembly(assembly));
}
