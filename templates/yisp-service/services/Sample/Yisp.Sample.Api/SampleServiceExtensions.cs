using Yisp.Audit;
using Yisp.Data;
using Yisp.Data.Idempotency;
using Yisp.Messaging;
using Yisp.Sample.Application;
using Yisp.Sample.Data;
using Yisp.Sample.Messaging;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Sample;

public static class SampleServiceExtensions
{
    public static WebApplicationBuilder AddSampleServices(this WebApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddAuditTrail();
        builder.AddIdempotencyKeys();
        builder.AddDatabase(typeof(SampleServiceExtensions).Assembly);
        builder.AddMessaging("Sample", bus => bus.AddConsumer<CaseClosedConsumer>());
        var services = builder.Services;
        services.AddPlatformOpenApi(builder.Configuration, SampleApiDocs.Title, SampleApiDocs.Summary, SampleApiDocs.Describe);
        services.AddSingleton<ItemStore>();
        services.AddSingleton<ItemCommands>();
        return builder;
    }
}

/// <summary>Names this service's entry assembly for test hosts.</summary>
public sealed class SampleServiceMarker;
