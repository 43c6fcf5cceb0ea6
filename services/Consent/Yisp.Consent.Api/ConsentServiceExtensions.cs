using Yisp.Audit;
using Yisp.Consent.Application;
using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Consent.Messaging;
using Yisp.Data;
using Yisp.Data.Idempotency;
using Yisp.Messaging;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Consent;

public static class ConsentServiceExtensions
{
    public static WebApplicationBuilder AddConsentServices(this WebApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddAuditTrail();
        builder.AddIdempotencyKeys();
        var services = builder.Services;
        builder.AddDatabase(typeof(ConsentServiceExtensions).Assembly);
        builder.AddMessaging("Consent", bus =>
        {
            bus.AddConsumer<ReferralAwaitingConsentConsumer>();
            bus.AddConsumer<CheckConsentConsumer>();
            bus.AddConsumer<CaseClosedConsumer>();
            bus.AddConsumer<CaseErasedConsumer>();
        });
        services.AddPlatformOpenApi(builder.Configuration, ConsentApiDocs.Title, ConsentApiDocs.Summary, ConsentApiDocs.Describe);
        services.AddValidatedOptions<ConsentOptions>(builder.Configuration, ConsentOptions.Section);
        services.AddSingleton<ConsentStore>();
        services.AddSingleton<ConsentLedger>();
        services.AddSingleton<ConsentCommands>();
        services.AddSingleton<ConsentCheck>();
        services.AddSingleton<ConsentExpiryJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsentExpiryJob>());
        return builder;
    }
}

/// <summary>Names this service's entry assembly for test hosts.</summary>
public sealed class ConsentServiceMarker;
