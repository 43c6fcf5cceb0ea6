using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Adapters.Feed;
using Yisp.Adapters.Platform;
using Yisp.ServiceDefaults;

namespace Yisp.Adapters;

public static class AdapterExtensions
{
    /// <summary>What every adapter stands on: its agency, the platform client (tokens, retries), and its feed.</summary>
    /// <typeparam name="TSink">Where the adapter keeps what its feed brings (normally the delivery queue to the agency's system).</typeparam>
    public static WebApplicationBuilder AddAgencyAdapter<TSink>(this WebApplicationBuilder builder)
        where TSink : class, INotificationSink
    {
        var services = builder.Services;
        services.AddValidatedOptions<AdapterOptions>(builder.Configuration, AdapterOptions.Section);
        services.AddValidatedOptions<PlatformOptions>(builder.Configuration, PlatformOptions.Section);
        services.AddValidatedOptions<FeedOptions>(builder.Configuration, FeedOptions.Section);
        services.AddMetrics();
        services.AddSingleton<AdapterMetrics>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccessTokens>();
        services.AddTransient<AccessTokenHandler>();
        services.AddHttpClient(AccessTokens.TokenClient).AddStandardResilienceHandler();
        services.AddHttpClient<PlatformClient>((provider, http) =>
                http.BaseAddress = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value.GatewayUrl)
            .AddHttpMessageHandler<AccessTokenHandler>()
            .AddStandardResilienceHandler();
        services.AddSingleton<INotificationSink, TSink>();
        services.AddHostedService<AgencyFeedConsumer>();
        return builder;
    }
}
