using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Yisp.Identity;

public static class IdentityServiceExtensions
{
    public const string TokenPath = "connect/token";

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
        var settings = builder.Configuration.GetSection(TokenServiceOptions.Section).Get<TokenServiceOptions>() ?? new TokenServiceOptions();
        var environment = builder.Environment;

        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetTokenEndpointUris(TokenPath);
            server.AllowClientCredentialsFlow().AllowPasswordFlow();
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
            if (!settings.RequireHttps)
            {
                aspNetCore.DisableTransportSecurityRequirement();
            }
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseSingletonHandler<TokenRequestValidator>());
            server.AddEventHandler<HandleTokenRequestContext>(handler => handler.UseSingletonHandler<TokenIssuer>());
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
    /// Reached through the gateway (a proxy adds X-Forwarded-Host), discovery names the public issuer's URLs, which agency
    /// systems can reach; asked directly (services reading Auth:Authority), it keeps the service's own.
    /// </summary>
    private static ValueTask PublicEndpoints(HandleConfigurationRequestContext context, Uri issuer)
    {
        if (context.Transaction.GetHttpRequest()?.Headers.ContainsKey("X-Forwarded-Host") == true)
        {
            var root = issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/");
            context.TokenEndpoint = new Uri(root, TokenPath);
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
