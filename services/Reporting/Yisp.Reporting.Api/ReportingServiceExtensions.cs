using MassTransit;
using Yisp.Audit;
using Yisp.Data;
using Yisp.Messaging;
using Yisp.Reporting.Application;
using Yisp.Reporting.Data;
using Yisp.Reporting.Domain.Disclosure;
using Yisp.Reporting.Messaging;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Reporting;

public static class ReportingServiceExtensions
{
    public static WebApplicationBuilder AddReportingServices(this WebApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddAuditTrail();
        builder.AddDatabase(typeof(ReportingServiceExtensions).Assembly);
        builder.AddMessaging("Reporting", bus =>
        {
            foreach (var type in ReportedEvents.ByName.Values)
            {
                bus.AddConsumer(typeof(ReportedEventConsumer<>).MakeGenericType(type), typeof(ReportedEventConsumerDefinition<>).MakeGenericType(type));
            }
        });
        var services = builder.Services;
        services.AddPlatformOpenApi(builder.Configuration, ReportingApiDocs.Title, ReportingApiDocs.Summary, ReportingApiDocs.Describe);
        services.AddValidatedOptions<DisclosureRules>(builder.Configuration, DisclosureRules.Section);
        services.AddSingleton<EventStore>();
        services.AddSingleton<ReadModelStore>();
        services.AddSingleton<ReadModelProjector>();
        services.AddSingleton<EventRecorder>();
        services.AddSingleton<EventIngest>();
        services.AddHostedService(provider => provider.GetRequiredService<EventIngest>());
        services.AddSingleton<ReadModelSnapshot>();
        services.AddSingleton<ReadModelRebuild>();
        return builder;
    }
}

/// <summary>Names this service's entry assembly for test hosts.</summary>
public sealed class ReportingServiceMarker;
