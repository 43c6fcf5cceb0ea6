using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yisp.Adapters.Delivery.Data;
using Yisp.Data;
using Yisp.ServiceDefaults;

namespace Yisp.Adapters.Delivery;

public static class DeliveryServiceExtensions
{
    /// <summary>
    /// The webhook delivery engine: options (<c>Adapter:Webhook</c>), the queue, its table's migration, the worker and its
    /// HTTP client, with notifications as JSON. The adapter registers its database (<c>AddDatabase</c>) itself.
    /// </summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        services.AddMigrations(typeof(DeliveryQueue).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeliveryFormatter, JsonDeliveryFormatter>();
        services.AddMetrics();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own timeout
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a redirect would re-send a signed body somewhere the agency did not configure
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddHostedService<DeliveryWorker>();
        return services;
    }

    /// <summary>The same, with the agency's own format for the request body.</summary>
    public static IServiceCollection AddWebhookDelivery<TFormatter>(this IServiceCollection services, IConfiguration configuration)
        where TFormatter : class, IDeliveryFormatter
    {
        services.Replace(ServiceDescriptor.Singleton<IDeliveryFormatter, TFormatter>());
        return services.AddWebhookDelivery(configuration);
    }
}
