using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Delivery.Api;
using Yisp.Adapters.Feed;
using Yisp.Adapters.Platform;
using Yisp.Data;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Adapters;

public static class AdapterExtensions
{
    /// <summary>The policy an adapter's endpoints require: a token of this adapter's agency (its own system, or its staff).</summary>
    public const string OwnAgencyPolicy = "own-agency";

    /// <summary>
    /// What every adapter stands on: its agency, its database (delivery log), callers of its own agency only, the
    /// platform client (tokens, retries), its feed, and delivery to the agency's system in the agency's format.
    /// </summary>
    /// <param name="title">The adapter's API document title; <paramref name="summary"/> says what the agency's system sends it.</param>
    public static WebApplicationBuilder AddAgencyAdapter<TFormatter>(this WebApplicationBuilder builder, Assembly adapter, string title, string summary)
        where TFormatter : class, IDeliveryFormatter
    {
        var services = builder.Services;
        services.AddPlatformOpenApi(builder.Configuration, title, summary);
        builder.AddPlatformAuthentication();
        services.AddAuthorizationBuilder().AddPolicy(OwnAgencyPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
            context.User.FindFirst(PlatformClaims.Agency)?.Value is { } agency
            && agency == context.Resource switch
            {
                Microsoft.AspNetCore.Http.HttpContext http => http.RequestServices.GetRequiredService<IOptions<AdapterOptions>>().Value.Agency,
                _ => null,
            }));
        builder.AddDatabase(adapter);
        services.AddMigrations(typeof(AdapterExtensions).Assembly);
        services.AddValidatedOptions<AdapterOptions>(builder.Configuration, AdapterOptions.Section);
        services.AddValidatedOptions<PlatformOptions>(builder.Configuration, PlatformOptions.Section);
        services.AddValidatedOptions<FeedOptions>(builder.Configuration, FeedOptions.Section);
        services.AddMetrics();
        services.AddSingleton<AdapterMetrics>();
        services.AddSingleton<AccessTokens>();
        services.AddTransient<AccessTokenHandler>();
        services.AddHttpClient(AccessTokens.TokenClient).AddStandardResilienceHandler();
        services.AddHttpClient<PlatformClient>((provider, http) => http.BaseAddress = provider.GetRequiredService<IOptions<PlatformOptions>>().Value.GatewayUrl)
            .AddHttpMessageHandler<AccessTokenHandler>()
            .AddStandardResilienceHandler();
        services.AddSingleton<Inbound.InboundReferrals>();
        services.AddSingleton<Inbound.CaseReports>();
        services.AddSingleton<Inbound.InboundProgress>();
        services.AddWebhookDelivery<TFormatter>(builder.Configuration);
        services.AddSingleton<INotificationSink, DeliverySink>();
        services.AddHostedService<AgencyFeedConsumer>();
        return builder;
    }

    /// <summary>Notices about interventions the agency leads go out with the status fetched through the gateway.</summary>
    public static WebApplicationBuilder WithLeadInterventionStatus(this WebApplicationBuilder builder)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<INotificationSink, LeadInterventionStatusSink>());
        return builder;
    }

    /// <summary>The delivery log and replay, for the agency's own callers.</summary>
    public static RouteGroupBuilder MapAdapterDeliveries(this IEndpointRouteBuilder endpoints) => endpoints.MapDeliveryApi("/deliveries", OwnAgencyPolicy);
}
