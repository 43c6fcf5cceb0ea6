using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Yisp.Identity;

public static class IdentityServiceExtensions
{
    public const string TokenPath = "connect/token";
    public const string AuthorizePath = "connect/authorize";

    /// <summary>
    /// OpenIddict's server in degraded mode: registrations come from configuration rather than a database,
    /// and OpenIddict does the protocol, token signing and discovery.
    /// </summary>
    public static WebApplicationBuilder AddIdentityService(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TokenServiceOptions>(builder.Configuration, TokenServiceOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<TokenServiceOptions>, RegistrationValidation>();
        builder.Services.AddSingleton<ClientSecretCache>();
        builder.Services.AddSingleton<TokenRequestValidator>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<AuthorizationRequestValidator>();
        builder.Services.AddSingleton<RedeemedCodes>();
        builder.Services.AddValidatedOptions<SignInThrottleOptions>(builder.Configuration, SignInThrottleOptions.Section)
            .Validate(o => o.MaxDelay >= o.FirstDelay, "SignInThrottle:MaxDelay must not be shorter than SignInThrottle:FirstDelay.");
        builder.Services.AddSingleton<SignInThrottle>();
        var settings = builder.Configuration.GetSection(TokenServiceOptions.Section).Get<TokenServiceOptions>() ?? new TokenServiceOptions();
        builder.Services.AddTrustedForwardedHeaders(settings.TrustedProxies);
        var environment = builder.Environment;
        builder.AddSignInSession(settings);

        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetTokenEndpointUris(TokenPath);
            server.SetAuthorizationEndpointUris(AuthorizePath);
            server.AllowClientCredentialsFlow().AllowPasswordFlow().AllowAuthorizationCodeFlow();
            server.RequireProofKeyForCodeExchange();
            server.Configure(options =>
            {
                // S256 only: a plain challenge is the verifier itself, so anyone who sees the request could redeem the code.
                options.CodeChallengeMethods.Clear();
                options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
            });
            server.EnableDegradedMode();
            server.DisableAccessTokenEncryption(); // resource servers validate plain signed JWTs, as any OIDC client library expects
            server.SetAccessTokenLifetime(settings.AccessTokenLifetime);
            server.RegisterScopes([.. PlatformScopes.All]);
            server.RegisterClaims(PlatformClaims.Agency, PlatformClaims.Role);
            if (settings.Issuer is not null)
            {
                server.SetIssuer(settings.Issuer);
            }
            foreach (var key in SigningKeys(settings, environment))
            {
                server.AddSigningKey(key);
            }
            server.AddEphemeralEncryptionKey(); // required by OpenIddict; nothing this service issues is encrypted
            var aspNetCore = server.UseAspNetCore();
            aspNetCore.EnableAuthorizationEndpointPassthrough(); // the sign-in page (SignInEndpoint) answers once OpenIddict has validated the request
            if (!settings.RequireHttps)
            {
                aspNetCore.DisableTransportSecurityRequirement();
            }
            // After OpenIddict's own checks (for a code: decrypted, unexpired, this client's, this redirect URI's, the PKCE verifier right).
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseSingletonHandler<TokenRequestValidator>()
                .SetOrder(OpenIddictServerHandlers.Exchange.ValidateGrantedScopes.Descriptor.Order + 1_000));
            server.AddEventHandler<HandleTokenRequestContext>(handler => handler.UseSingletonHandler<TokenIssuer>());
            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseSingletonHandler<AuthorizationRequestValidator>()
                .SetOrder(OpenIddictServerHandlers.Authentication.ValidateAuthorizedParty.Descriptor.Order + 1_000));
            if (settings.Issuer is { } issuer)
            {
                server.AddEventHandler<HandleConfigurationRequestContext>(handler => handler
                    .UseInlineHandler(context => PublicEndpoints(context, issuer))
                    .SetOrder(int.MaxValue - 100_000));
            }
        });
        return builder;
    }

    /// <summary>
    /// The pipeline, in this order: the caller's address (from a trusted proxy only), the service defaults, the guessing
    /// throttle, then OpenIddict (the authentication middleware) so a waiting caller's credentials are never checked; then the sign-in page.
    /// </summary>
    public static WebApplication UseIdentityService(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseServiceDefaults();
        app.UseMiddleware<TokenThrottleMiddleware>();
        app.UseAuthentication();
        app.MapSignIn();
        return app;
    }

    /// <summary>
    /// A person's sign-in session at the identity service: a short-lived, HttpOnly, SameSite=Lax cookie sent only to
    /// <c>/connect</c>, Secure whenever the public issuer is HTTPS (TLS may end at the gateway) or the request is.
    /// The sign-in form carries an antiforgery token (its cookie SameSite=Strict).
    /// </summary>
    private static void AddSignInSession(this WebApplicationBuilder builder, TokenServiceOptions settings)
    {
        var secure = settings.Issuer?.Scheme == Uri.UriSchemeHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("yisp-identity");
        if (!string.IsNullOrWhiteSpace(settings.DataProtectionKeysPath))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(settings.DataProtectionKeysPath));
        }
        else
        {
            builder.Services.AddSingleton<IDataProtectionProvider, EphemeralDataProtectionProvider>();
        }
        builder.Services.AddAuthentication().AddCookie(SignInEndpoint.SessionScheme, cookie =>
        {
            cookie.Cookie.Name = SignInEndpoint.SessionCookie;
            cookie.Cookie.Path = "/connect";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = settings.SignInSessionLifetime;
            cookie.SlidingExpiration = false;
        });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = SignInEndpoint.AntiforgeryCookie;
            antiforgery.Cookie.Path = "/connect";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = secure;
            antiforgery.FormFieldName = SignInEndpoint.AntiforgeryField;
            antiforgery.SuppressXFrameOptionsHeader = true; // the page sets DENY itself
        });
    }

    /// <summary>
    /// Reached through the gateway (a proxy adds X-Forwarded-Host), discovery names the public issuer's URLs, which agency
    /// systems can reach; asked directly (services reading Auth:Authority), it keeps the service's own.
    /// </summary>
    private static ValueTask PublicEndpoints(HandleConfigurationRequestContext context, Uri issuer)
    {
        if (context.Transaction.GetHttpRequest()?.Headers.ContainsKey("X-Forwarded-Host") == true)
        {
            var root = issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/");
            context.TokenEndpoint = new Uri(root, TokenPath);
            context.AuthorizationEndpoint = new Uri(root, AuthorizePath);
            context.JsonWebKeySetEndpoint = new Uri(root, ".well-known/jwks");
        }
        return ValueTask.CompletedTask;
    }

    private static IEnumerable<SecurityKey> SigningKeys(TokenServiceOptions settings, IWebHostEnvironment environment)
    {
        if (settings.SigningKeys.Count == 0)
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Test"))
            {
                throw new InvalidOperationException("Identity:SigningKeys is empty: configure at least one RSA key outside development.");
            }
            // One process, keys gone at restart: services fetch the new key set when they meet an unknown key id.
            yield return new RsaSecurityKey(RSA.Create(2048)) { KeyId = "development-" + Guid.NewGuid().ToString("N")[..8] };
            yield break;
        }
        foreach (var key in settings.SigningKeys)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(key.PrivateKeyPem ?? File.ReadAllText(key.PrivateKeyFile!));
            yield return new RsaSecurityKey(rsa) { KeyId = key.KeyId };
        }
    }

    /// <summary>Tells a developer which clients exist and how to get a token (names only, never secrets).</summary>
    public static void LogDevelopmentClients(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }
        var settings = app.Services.GetRequiredService<IOptions<TokenServiceOptions>>().Value;
        app.Logger.LogInformation(
            "Development clients: {Clients}. Get a token: curl -s -d grant_type=client_credentials -d client_id=<client> -d client_secret=<secret from README> http://127.0.0.1:5100/{TokenPath}",
            string.Join(", ", settings.Clients.Keys), TokenPath);
    }
}
