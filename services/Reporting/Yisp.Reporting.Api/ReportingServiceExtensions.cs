using Yisp.Audit;
using Yisp.Data;
using Yisp.Data.Idempotency;
using Yisp.Messaging;
using Yisp.Reporting.Application;
using Yisp.Reporting.Data;
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
        builder.AddIdempotencyKeys();
        builder.AddDatabase(typeof(ReportingServiceExtensions).Assembly);
        builder.AddMessaging("Reporting", bus => bus.AddConsumer<CaseClosedConsumer>());
        var services = builder.Services;
        services.AddPlatformOpenApi(builder.Configuration, ReportingApiDocs.Title, ReportingApiDocs.Summary, ReportingApiDocs.Describe);
        services.AddSingleton<ItemStore>();
        services.AddSingleton<ItemCommands>();
        return builder;
    }
}

/// <summary>Names this service's entry assembly for test hosts.</summary>
public sealed class ReportingServiceMarker;
