using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.OpenApi;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Identity;

/// <summary>
/// The token service's OpenAPI document. Its routes belong to OpenIddict's middleware, not to endpoints the
/// generator can see, so the token request, discovery and key set are described here by hand.
/// </summary>
public static class TokenServiceOpenApi
{
    public const string Title = "YISP Token service (OAuth 2.0)";

    public const string Summary = "Where agency systems get access tokens: OAuth 2.0 client credentials at the gateway's `/connect/token`, " +
        "and the OpenID Connect discovery document and signing keys services and client libraries read.";

    public static IServiceCollection AddTokenServiceOpenApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPlatformOpenApi(configuration, Title, Summary, authenticated: false);
        return services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, context, _) =>
        {
            var settings = context.ApplicationServices.GetRequiredService<IOptions<PlatformOpenApiOptions>>().Value;
            Describe(document, settings);
            return Task.CompletedTask;
        }));
    }

    private static void Describe(OpenApiDocument document, PlatformOpenApiOptions settings)
    {
        document.Paths ??= [];
        document.Tags = new HashSet<OpenApiTag> { new() { Name = "Tokens", Description = "OAuth 2.0 and OpenID Connect." } };
        var tags = new HashSet<OpenApiTagReference> { new("Tokens", document) };

        var token = new OpenApiOperation
        {
            OperationId = "token",
            Tags = tags,
            Summary = "Get an access token",
            Description =
                "OAuth 2.0 token request (RFC 6749 §4.4, client credentials). Agency systems send `grant_type=client_credentials` with the " +
                "client id and secret the platform operator gave them, as a form body (or the id and secret in HTTP Basic authentication). " +
                "`scope` is optional and space-separated; without it the token carries every scope the client is registered for. " +
                "The token is a signed JWT (`typ: at+jwt`) valid for 10 minutes, naming your client, agency, roles and scopes; send it as " +
                "`Authorization: Bearer <token>`. There are no refresh tokens: ask for a new one when it expires. " +
                "People sign in through the panel's portal client with `grant_type=password`; browser applications (public clients) send people to " +
                "`/connect/authorize` (authorization code flow, PKCE with S256) and exchange the code with `grant_type=authorization_code`, " +
                "`code`, `redirect_uri`, `client_id` and `code_verifier`. " +
                $"Limited to 60 requests a minute per client address (429 with `Retry-After`). The URL is {settings.TokenUrl}.",
            RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/x-www-form-urlencoded"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "grant_type", "client_id" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["grant_type"] = Text("`client_credentials` for agency systems; `password` for a person through a portal client.",
                                    "client_credentials", "client_credentials", "password"),
                                ["client_id"] = Text("Your system's client id, from the platform operator.", "police-system"),
                                ["client_secret"] = Text("Your system's client secret (keep it in a secret store).", "dev-police-secret"),
                                ["scope"] = Text($"Optional, space-separated: any of {string.Join(", ", PlatformScopes.All.Order(StringComparer.Ordinal))}.", "referrals consent"),
                                ["username"] = Text("Password grant only: the person's user name.", "pat.panel"),
                                ["password"] = Text("Password grant only: the person's password.", "dev-panel-password"),
                            },
                        },
                        Example = new JsonObject
                        {
                            ["grant_type"] = "client_credentials",
                            ["client_id"] = "police-system",
                            ["client_secret"] = "dev-police-secret",
                            ["scope"] = "referrals consent",
                        },
                    },
                },
            },
            Responses = new OpenApiResponses
            {
                ["200"] = Json("The access token.", new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["access_token"] = Text("The JWT to send as `Authorization: Bearer <access_token>`.", "eyJhbGciOiJSUzI1NiIsImtpZCI6..."),
                        ["token_type"] = Text("Always `Bearer`.", "Bearer"),
                        ["expires_in"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Seconds until it expires (600).", Examples = [JsonValue.Create(600)] },
                        ["scope"] = Text("The scopes granted, space-separated.", "referrals consent"),
                    },
                }, new JsonObject { ["access_token"] = "eyJhbGciOiJSUzI1NiIsImtpZCI6...", ["token_type"] = "Bearer", ["expires_in"] = 600, ["scope"] = "referrals consent" }),
                ["400"] = Json("An OAuth error (RFC 6749 §5.2): `invalid_request` (a field missing or repeated), `unsupported_grant_type` (only " +
                    "client_credentials and password), `invalid_scope` (a scope you are not registered for; the description names it), " +
                    "`invalid_grant` (a wrong user name or password), `unauthorized_client` (this client may not use the password grant).",
                    OAuthError(), new JsonObject { ["error"] = "invalid_scope", ["error_description"] = "Not granted to this caller: audit." }),
                ["401"] = Json("`invalid_client`: the client id or secret is wrong (which one is never said).", OAuthError(),
                    new JsonObject { ["error"] = "invalid_client", ["error_description"] = "The client's credentials are not valid." }),
                ["429"] = new OpenApiResponse { Description = "Too many token requests from your address; wait the seconds in `Retry-After`." },
            },
        };
        var discovery = new OpenApiOperation
        {
            OperationId = "discovery",
            Tags = tags,
            Summary = "Read the OpenID Connect discovery document",
            Description = "The issuer, the token endpoint, the key set's URL, and the grant types and scopes supported (OpenID Connect " +
                $"Discovery 1.0). Client libraries configure themselves from it; reached through the gateway it names the gateway's URLs ({settings.Server}).",
            Responses = new OpenApiResponses { ["200"] = Json("The discovery document.", new OpenApiSchema { Type = JsonSchemaType.Object }, null) },
        };
        var keys = new OpenApiOperation
        {
            OperationId = "keys",
            Tags = tags,
            Summary = "Read the token signing keys (JWKS)",
            Description = "The public RSA keys tokens are signed with (RFC 7517). The first key signs; retiring keys stay listed until tokens signed with them expire.",
            Responses = new OpenApiResponses { ["200"] = Json("The key set.", new OpenApiSchema { Type = JsonSchemaType.Object }, null) },
        };
        document.Paths["/connect/token"] = Path(HttpMethod.Post, token);
        document.Paths["/.well-known/openid-configuration"] = Path(HttpMethod.Get, discovery);
        document.Paths["/.well-known/jwks"] = Path(HttpMethod.Get, keys);
    }

    private static OpenApiPathItem Path(HttpMethod method, OpenApiOperation operation)
    {
        var item = new OpenApiPathItem();
        item.AddOperation(method, operation);
        return item;
    }

    private static OpenApiSchema Text(string description, string example, params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Examples = [JsonValue.Create(example)],
        Enum = values.Length == 0 ? null : [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
    };

    private static OpenApiSchema OAuthError() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["error"] = Text("The OAuth error code.", "invalid_client", "invalid_request", "invalid_client", "invalid_grant", "invalid_scope",
                "unauthorized_client", "unsupported_grant_type"),
            ["error_description"] = Text("What was wrong, in words.", "The client's credentials are not valid."),
        },
    };

    private static OpenApiResponse Json(string description, OpenApiSchema schema, JsonNode? example) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema, Example = example } },
    };
}
