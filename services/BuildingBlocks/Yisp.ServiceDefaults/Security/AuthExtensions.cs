using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Yisp.ServiceDefaults.Security;

public static class AuthExtensions
{
    /// <summary>
    /// Every endpoint needs a valid access token from the configured issuer unless it says AllowAnonymous:
    /// a call that bypasses the gateway is refused just the same.
    /// </summary>
    public static WebApplicationBuilder AddPlatformAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AuthOptions>(builder.Configuration, AuthOptions.Section);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Configured from options rather than read here, so that configuration added by a host later (tests) applies.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddScopePolicies();
        builder.Services.AddSingleton<IPlatformAuthenticationMarker, PlatformAuthenticationMarker>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ExplainedForbiddenHandler>();
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions options)
    {
        jwt.Authority = options.Authority;
        jwt.MetadataAddress = string.IsNullOrWhiteSpace(options.MetadataAddress)
            ? options.Authority.TrimEnd('/') + "/.well-known/openid-configuration"
            : options.MetadataAddress;
        jwt.Audience = options.Audience;
        jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.NameClaimType = PlatformClaims.Subject;
        jwt.TokenValidationParameters.RoleClaimType = PlatformClaims.Role;
        jwt.TokenValidationParameters.ClockSkew = options.ClockSkew;
        jwt.TokenValidationParameters.ValidateLifetime = true;
        jwt.TokenValidationParameters.RequireExpirationTime = true;
        jwt.TokenValidationParameters.ValidTypes = options.ValidTokenTypes.Count > 0 ? options.ValidTokenTypes : ["at+jwt"];
    }

    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in PlatformScopes.All)
        {
            authorization.AddPolicy(ScopePolicy(scope), policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(scope)));
        }
        return authorization;
    }

    public const string ScopePolicyPrefix = "scope:";

    public static string ScopePolicy(string scope) => ScopePolicyPrefix + scope;

    /// <summary>The endpoint needs the scope in the caller's token.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder endpoints, string scope) where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(ScopePolicy(scope));

    /// <summary>The endpoint needs one of the roles as well as whatever its group requires.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder endpoints, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(policy => policy.RequireRole(roles));
}

/// <summary>Lets UseServiceDefaults add the authentication middleware only where a service registered it.</summary>
public interface IPlatformAuthenticationMarker;

internal sealed class PlatformAuthenticationMarker : IPlatformAuthenticationMarker;
