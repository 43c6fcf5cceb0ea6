using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Yisp.Contracts;
using Yisp.Identity;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Testing;

/// <summary>
/// The platform's identity service on a loopback port, started once per test run, with a client for the
/// coordinator, one per agency, an auditor and one without scopes. Services under test trust it exactly as
/// they trust it in production: by its discovery document, over HTTP.
/// </summary>
public static class TestIdentity
{
    public const string Coordinator = "test-coordinator";
    public const string Auditor = "test-auditor";
    public const string DataProtectionOfficer = "test-data-protection-officer";
    public const string Unscoped = "test-unscoped";
    public const string EducationPractitioner = "test-practitioner-education";

    public const string SigningKeyId = "test-signing-key";

    /// <summary>The key the test identity service signs with, so tests can also mint tokens it would never issue (expired, foreign audience).</summary>
    public static readonly RSA SigningKey = RSA.Create(2048);

    private static readonly Lazy<Task<Uri>> Started = new(StartAsync);
    private static readonly ConcurrentDictionary<string, (string Token, DateTime Expires)> Tokens = new();
    private static readonly HttpClient Http = new();

    public static string AgencyClient(string agency) => "test-agency-" + agency;

    public static string SecretOf(string clientId) => "secret-" + clientId;

    public static Task<Uri> AuthorityAsync() => Started.Value;

    /// <summary>Settings that make a service trust the test identity service.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["Auth:Authority"] = (await AuthorityAsync()).ToString(),
        ["Auth:RequireHttpsMetadata"] = "false",
    };

    /// <summary>The registrations, as configuration keys, so a real identity process can be given the same clients.</summary>
    public static Dictionary<string, string?> Registrations()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Identity:RequireHttps"] = "false",
            ["Identity:MinimumHashIterations"] = "1000", // test secrets are hashed quickly; production keeps 100,000 or more
            ["Identity:SigningKeys:0:KeyId"] = SigningKeyId,
            ["Identity:SigningKeys:0:PrivateKeyPem"] = SigningKey.ExportPkcs8PrivateKeyPem(),
        };
        void Client(string id, string agency, string role, params string[] scopes)
        {
            settings[$"Identity:Clients:{id}:SecretHash"] = SecretHasher.Hash(SecretOf(id), iterations: 1_000);
            settings[$"Identity:Clients:{id}:Agency"] = agency;
            settings[$"Identity:Clients:{id}:Roles:0"] = role;
            foreach (var (scope, index) in scopes.Select((s, i) => (s, i)))
            {
                settings[$"Identity:Clients:{id}:Scopes:{index}"] = scope;
            }
        }
        Client(Coordinator, Agency.YouthService, PlatformRoles.Coordinator, [.. PlatformScopes.All]);
        Client(Auditor, Agency.YouthService, PlatformRoles.Auditor, PlatformScopes.Audit);
        Client(DataProtectionOfficer, Agency.YouthService, PlatformRoles.DataProtectionOfficer,
            PlatformScopes.Referrals, PlatformScopes.Consent, PlatformScopes.Interventions, PlatformScopes.Audit);
        Client(Unscoped, Agency.Police, PlatformRoles.AgencySystem);
        Client(EducationPractitioner, Agency.Education, PlatformRoles.Practitioner, PlatformScopes.Consent);
        foreach (var agency in Agency.All)
        {
            Client(AgencyClient(agency), agency, PlatformRoles.AgencySystem,
                PlatformScopes.Referrals, PlatformScopes.Consent, PlatformScopes.Interventions, PlatformScopes.Audit);
        }
        return settings;
    }

    private static async Task<Uri> StartAsync() => (await StartHostAsync(Registrations())).Address;

    /// <summary>An identity service of its own (on a free loopback port) with the given configuration.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartHostAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        var port = ServiceProcess.FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Configuration.AddInMemoryCollection(TestSettings.InProcessHost).AddInMemoryCollection(settings);
        builder.AddServiceDefaults("identity");
        builder.AddIdentityService();
        var app = builder.Build();
        app.UseIdentityService();
        await app.StartAsync();
        return (app, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>
    /// A client-credentials token for the client, reused while it has at least five minutes left: a test holds the client it
    /// builds with a token for minutes (a system test's burst), and must not see it expire half way.
    /// </summary>
    public static async Task<string> TokenAsync(string clientId, Uri? authority = null)
    {
        authority ??= await AuthorityAsync();
        var key = authority + "|" + clientId;
        if (Tokens.TryGetValue(key, out var cached) && cached.Expires > DateTime.UtcNow.AddMinutes(5))
        {
            return cached.Token;
        }
        using var response = await Http.PostAsync(new Uri(authority, IdentityServiceExtensions.TokenPath), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = SecretOf(clientId),
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"No token for {clientId}: {body}");
        }
        var token = body.GetProperty("access_token").GetString()!;
        Tokens[key] = (token, DateTime.UtcNow.AddSeconds(body.GetProperty("expires_in").GetInt32()));
        return token;
    }

    /// <summary>A token signed with <paramref name="key"/> (the test key when null) carrying exactly the claims given.</summary>
    public static string Mint(string issuer, string audience, DateTime expires, IDictionary<string, object> claims, RSA? key = null, string keyId = SigningKeyId) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-10),
            NotBefore = expires.AddMinutes(-10),
            Expires = expires,
            Claims = claims,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? SigningKey) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        });

    public static async Task AuthorizeAsync(HttpClient client, string clientId, Uri? authority = null) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(clientId, authority));
}
