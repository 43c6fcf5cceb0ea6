using Yisp.Audit;
using Yisp.Data;
using Yisp.Data.Idempotency;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Intervention.Messaging;
using Yisp.Messaging;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention;

public sealed record Catalogues(CodeCatalogue Domains, CodeCatalogue InterventionTypes);

public static class InterventionServiceExtensions
{
    public static WebApplicationBuilder AddInterventionServices(this WebApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddAuditTrail();
        builder.AddIdempotencyKeys();
        var services = builder.Services;
        builder.AddDatabase(typeof(InterventionServiceExtensions).Assembly);
        builder.AddMessaging("Intervention", bus =>
        {
            bus.AddConsumer<ConsentGrantedConsumer>();
            bus.AddConsumer<ConsentChangedConsumer>();
            bus.AddConsumer<ConsentWithdrawnConsumer>();
            bus.AddConsumer<ConsentExpiredConsumer>();
            bus.AddConsumer<CaseErasedConsumer>();
        });
        services.AddPlatformOpenApi(builder.Configuration, InterventionApiDocs.Title, InterventionApiDocs.Summary, InterventionApiDocs.Describe);
        services.AddSingleton(_ => new Catalogues(
            CodeCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue", "assessment-domains.json")),
            CodeCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue", "intervention-types.json"))));
        services.AddValidatedOptions<InterventionOptions>(builder.Configuration, InterventionOptions.Section);
        services.AddSingleton<ReviewOverdueJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewOverdueJob>());
        services.AddSingleton<InterventionStore>();
        services.AddSingleton<PanelStore>();
        services.AddSingleton<ConsentScope>();
        services.AddSingleton<LiveConsent>();
        services.AddSingleton<CaseTimeline>();
        services.AddSingleton<CaseCommands>();
        services.AddSingleton<PanelCommands>();
        return builder;
    }
}

/// <summary>Names this service's entry assembly for test hosts.</summary>
public sealed class InterventionServiceMarker;
