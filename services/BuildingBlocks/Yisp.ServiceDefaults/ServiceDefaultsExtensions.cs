using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Yisp.ServiceDefaults.Correlation;
using Yisp.ServiceDefaults.Ids;
using Yisp.ServiceDefaults.Memory;
using Yisp.ServiceDefaults.Security;

namespace Yisp.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Meter and activity source names every building block reports under.</summary>
    public const string TelemetryPrefix = "Yisp";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, UuidV7Generator>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["correlationId"] = CorrelationContext.Current;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString();
        });
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag, HealthEndpoints.ReadyTag]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddValidatedOptions<IdleMemoryOptions>(builder.Configuration, IdleMemoryOptions.Section);
        services.AddHostedService<IdleMemoryRelease>();

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.AddTelemetry(serviceName);
        return builder;
    }

    private static void AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", $"{TelemetryPrefix}.*"));

        // Spans are recorded only when something exports them: with nothing listening, every request, send and consume
        // would still build its spans and tags, to be thrown away.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit", $"{TelemetryPrefix}.*"))
                .UseOtlpExporter();
        }
    }

    /// <summary>Binds a section and validates it with data annotations when the host starts, not at first use.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>Correlation first, so that even an unhandled error's problem details carry the id.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        foreach (var stage in app.Services.GetServices<IRequestPipelineStage>())
        {
            stage.Configure(app);
        }
        if (app.Services.GetService<IPlatformAuthenticationMarker>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        app.MapHealthEndpoints();
        return app;
    }
}
