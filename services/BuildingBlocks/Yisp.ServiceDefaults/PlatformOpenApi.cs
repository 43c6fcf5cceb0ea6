using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Yisp.ServiceDefaults;

public static class PlatformOpenApi
{
    private const string Scheme = "Bearer";

    /// <summary>The service's OpenAPI document, declaring that every operation takes a bearer token (so the docs UI can send one).</summary>
    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from /connect/token (client credentials for agency systems).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
            return Task.CompletedTask;
        }));
}
