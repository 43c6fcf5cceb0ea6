using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Data;
using Yisp.ServiceDefaults;

namespace Yisp.Audit;

public static class AuditExtensions
{
    /// <summary>The service keeps its own audit trail in its own database, chained with the configured key.</summary>
    public static WebApplicationBuilder AddAuditTrail(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AuditOptions>(builder.Configuration, AuditOptions.Section)
            .Validate(o => IsKey(o.ChainKey), "Audit:ChainKey must be base64 of at least 32 bytes.");
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<AuditQueue>();
        builder.Services.AddHostedService<AuditWriter>();
        builder.Services.AddHostedService<AuditCheckpointJob>();
        builder.Services.AddSingleton<IRequestPipelineStage, AuditStage>();
        builder.Services.AddMigrations(typeof(AuditExtensions).Assembly);
        return builder;
    }

    private static bool IsKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }

    /// <summary>Every call to these endpoints is recorded; <paramref name="routeKey"/> names the route value that identifies the record.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder endpoints, string resourceType, string purpose, string? routeKey = null)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new AuditedResource(resourceType, purpose, routeKey));

    private sealed class AuditStage : IRequestPipelineStage
    {
        public void Configure(IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();
    }
}
