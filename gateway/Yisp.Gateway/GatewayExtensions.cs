using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Yisp.Audit;
using Yisp.Data;
using Yisp.Gateway.SubjectAccess;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.OpenApi;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Gateway;

public static class GatewayExtensions
{
    public const string PerAgencyPolicy = "per-agency";
    public const string TokenPolicy = "token";
    public const string AuditPrefix = "/api/gateway";
    public static readonly string[] Documents = ["referral", "consent", "intervention", "reporting", "identity"];

    private static readonly Dictionary<string, string> DocumentTitles = new(StringComparer.Ordinal)
    {
        ["referral"] = "Referrals",
        ["consent"] = "Consent",
        ["intervention"] = "Interventions",
        ["reporting"] = "Reports",
        ["identity"] = "Tokens (OAuth 2.0)",
    };

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GatewayOptions>(builder.Configuration, GatewayOptions.Section);
        builder.Services.AddValidatedOptions<PlatformOpenApiOptions>(builder.Configuration, PlatformOpenApiOptions.Section);
        var settings = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);

        // The gateway checks tokens too, so an anonymous or out-of-scope call never reaches a service.
        builder.AddPlatformAuthentication();
        builder.Services.AddAuthorizationBuilder().AddRolePolicies();
        builder.AddGatewayTrail();
        builder.Services.AddTrustedForwardedHeaders(settings.TrustedProxies);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(PerAgencyPolicy, http => Partition("agency:" + http.Caller().Agency, http, o => o.RateLimit));
            limiter.AddPolicy(TokenPolicy, http => Partition("token:" + TrustedProxies.AddressBlock(http.Connection.RemoteIpAddress), http, o => o.TokenRateLimit));
        });
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddHttpClient(ServiceCaller.ClientName, client => client.Timeout = TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton<ServiceCaller>();
        builder.Services.AddSingleton<SubjectAccessGatherer>();
        return builder;
    }

    /// <summary>
    /// Role policies for routes only the panel (or, for consent records, practitioners) may use. Services
    /// enforce the same rules; the gateway turning such calls away first is defence in depth.
    /// </summary>
    private static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy("panel:referrals", Roles(PlatformScopes.Referrals, PlatformRoles.Coordinator, PlatformRoles.PanelMember))
        .AddPolicy("coordinator:referrals", Roles(PlatformScopes.Referrals, PlatformRoles.Coordinator))
        .AddPolicy("consent-records", Roles(PlatformScopes.Consent, PlatformRoles.Coordinator, PlatformRoles.PanelMember, PlatformRoles.Practitioner))
        .AddPolicy("panel:interventions", Roles(PlatformScopes.Interventions, PlatformRoles.Coordinator, PlatformRoles.PanelMember))
        .AddPolicy(SubjectAccessEndpoint.Policy, policy => Roles(PlatformScopes.Referrals, PlatformRoles.DataProtectionOfficer)(policy.AddRequirements(
            new ScopeRequirement(PlatformScopes.Consent), new ScopeRequirement(PlatformScopes.Interventions))));

    private static Action<AuthorizationPolicyBuilder> Roles(string scope, params string[] roles) => policy => policy
        .RequireAuthenticatedUser()
        .RequireRole(roles)
        .AddRequirements(new ScopeRequirement(scope));

    private static RateLimitPartition<string> Partition(string key, HttpContext http, Func<GatewayOptions, RateLimitOptions> limits)
    {
        var options = limits(http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitsPerWindow,
            Window = options.Window,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Calls the gateway refuses never reach a service, and subject access requests are answered by the gateway itself, so
    /// it keeps its own audit trail of both, in its own database, chained with its own key, read and verified like a
    /// service's (GET /api/gateway/audit).
    /// </summary>
    private static void AddGatewayTrail(this WebApplicationBuilder builder)
    {
        builder.AddDatabase(typeof(AuditExtensions).Assembly); // its schema is the audit trail's alone
        builder.AddAuditTrail();
        builder.Services.AddSingleton<GatewayTrail>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, RecordedRefusalHandler>());
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true)
        {
            // Anonymous callers (the token routes) are not recorded: anyone could fill the trail with them.
            var policy = http.GetEndpoint()?.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>()?.Config.RateLimiterPolicy ?? "default";
            await http.RequestServices.GetRequiredService<GatewayTrail>().RecordAsync(http, AuditOutcome.Throttled, "rate limit " + policy);
        }
        var response = context.HttpContext.Response;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
            detail: $"Try again in {response.Headers.RetryAfter} seconds.").ExecuteAsync(context.HttpContext);
    }

    /// <summary>
    /// The API reference an agency developer works from: every service's document, the gateway as the only server,
    /// the client-credentials flow prefilled with the gateway's token URL, and nothing that does not apply to them
    /// (no other servers, no dark-mode toggle, no AI agent or MCP, no telemetry, no fonts from a CDN the page may not load).
    /// </summary>
    private static void ConfigureDocs(ScalarOptions options, PlatformOpenApiOptions settings)
    {
        options.EnabledTargets = [ScalarTarget.Shell, ScalarTarget.CSharp, ScalarTarget.Java, ScalarTarget.Python, ScalarTarget.JavaScript];
        options.EnabledClients = [ScalarClient.Curl, ScalarClient.HttpClient, ScalarClient.NetHttp, ScalarClient.Requests, ScalarClient.Fetch];
        options
            .WithTitle("YISP Platform API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocuments(Documents.Select((name, i) => new ScalarDocument(name, DocumentTitles[name], IsDefault: i == 0)))
            .AddServer(settings.Server, "The platform's gateway")
            .AddPreferredSecuritySchemes([PlatformOpenApi.OAuth2Scheme])
            .AddClientCredentialsFlow(PlatformOpenApi.OAuth2Scheme, flow =>
            {
                flow.TokenUrl = settings.TokenUrl;
                flow.CredentialsLocation = CredentialsLocation.Body; // as the documentation shows: id and secret in the form body
                flow.SelectedScopes = [.. PlatformScopes.All.Where(s => s != PlatformScopes.Audit).Order(StringComparer.Ordinal)];
            })
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl)
            .WithFeaturedClients(
                new(ScalarTarget.Shell, ScalarClient.Curl),
                new(ScalarTarget.CSharp, ScalarClient.HttpClient),
                new(ScalarTarget.Java, ScalarClient.NetHttp),
                new(ScalarTarget.Python, ScalarClient.Requests),
                new(ScalarTarget.JavaScript, ScalarClient.Fetch))
            .HideClientButton()
            .HideDarkModeToggle()
            .ForceLightMode()
            .HideModels()
            .WithDirectDocumentDownload()
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .DisableDefaultFonts()
            .ExpandAllResponses()
            .ExpandAllTags();
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseServiceDefaults();
        app.UseRateLimiter();
        app.MapScalarApiReference("/docs", (options, http) => ConfigureDocs(options,
                http.RequestServices.GetRequiredService<IOptions<PlatformOpenApiOptions>>().Value))
            .AllowAnonymous();
        app.MapReverseProxy();
        app.MapAuditApi(AuditPrefix);
        app.MapSubjectAccess();
        return app;
    }
}

/// <summary>Names the gateway's entry assembly for test hosts.</summary>
public sealed class GatewayMarker;
