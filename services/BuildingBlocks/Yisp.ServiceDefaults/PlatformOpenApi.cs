using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Yisp.ServiceDefaults.OpenApi;
using Yisp.ServiceDefaults.Security;

namespace Yisp.ServiceDefaults;

public static class PlatformOpenApi
{
    public const string BearerScheme = "Bearer";
    public const string OAuth2Scheme = "OAuth2";

    /// <summary>
    /// The service's OpenAPI document as agency developers read it at the gateway: the gateway as the only server,
    /// the client-credentials flow against the gateway's token URL, the platform's conventions in the introduction,
    /// the answers every authenticated, If-Match or Idempotency-Key route gives, and the service's code lists and examples.
    /// </summary>
    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services, IConfiguration configuration, string title,
        string summary, Action<ApiSchemaDocs>? describe = null, bool authenticated = true)
    {
        services.AddValidatedOptions<PlatformOpenApiOptions>(configuration, PlatformOpenApiOptions.Section);
        var docs = new ApiSchemaDocs();
        describe?.Invoke(docs);
        return services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(new PlatformSchemaTransformer(docs));
            options.AddOperationTransformer(new PlatformOperationTransformer(docs));
            options.AddDocumentTransformer(async (document, context, cancellationToken) =>
            {
                var settings = context.ApplicationServices.GetRequiredService<IOptions<PlatformOpenApiOptions>>().Value;
                document.Servers = [new OpenApiServer { Url = settings.Server, Description = "The platform's gateway: the only address agency systems call." }];
                document.Info = new OpenApiInfo { Title = title, Version = "v1", Description = summary + "\n\n" + Introduction(settings) };
                document.Components ??= new OpenApiComponents();
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                if (!document.Components.Schemas.ContainsKey(PlatformOperationTransformer.ProblemSchema))
                {
                    document.Components.Schemas[PlatformOperationTransformer.ProblemSchema] =
                        await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
                }
                foreach (var (name, (values, description)) in docs.CodeLists)
                {
                    document.Components.Schemas[name] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = description,
                        Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v))],
                        Examples = [System.Text.Json.Nodes.JsonValue.Create(values[0])],
                    };
                }
                if (!authenticated)
                {
                    return;
                }
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[OAuth2Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "OAuth 2.0 client credentials: your system's client id and secret for a 10-minute access token.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow
                        {
                            TokenUrl = new Uri(settings.TokenUrl),
                            Scopes = Scopes.ToDictionary(s => s.Key, s => s.Value),
                        },
                    },
                };
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = $"An access token you already hold, from POST {settings.TokenUrl} (see the introduction).",
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuth2Scheme, document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                ];
            });
        });
    }

    public static readonly IReadOnlyDictionary<string, string> Scopes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PlatformScopes.Referrals] = "Submit and follow referrals (/api/referrals).",
        [PlatformScopes.Consent] = "Check and record consent (/api/consent).",
        [PlatformScopes.Interventions] = "Cases, support plans and interventions (/api/interventions).",
        [PlatformScopes.Audit] = "Who touched your agency's records; the audit trail for auditors (/api/*/audit).",
    };

    /// <summary>The introduction every document opens with: how to get a token, and the conventions every route follows.</summary>
    public static string Introduction(PlatformOpenApiOptions settings) => $$$"""
        ## Getting a token (OAuth 2.0 client credentials)

        1. **Get your credentials.** The platform operator for your partnership registers your agency's system and gives you a
           **client id** and **client secret** (by a secure channel, never by email). The registration fixes your agency, your role
           and the scopes you may ask for. Keep the secret in your secret store.
        2. **Ask the gateway for a token**: `POST {{{settings.TokenUrl}}}` with a form body (`Content-Type: application/x-www-form-urlencoded`):
           `grant_type=client_credentials`, `client_id`, `client_secret` and, optionally, `scope` (space-separated, from
           `referrals consent interventions audit`; leave it out to get every scope you are registered for).
           ```
           curl -s {{{settings.TokenUrl}}} -d grant_type=client_credentials -d client_id=police-system \
                -d client_secret=$SECRET -d "scope=referrals consent"
           ```
           The answer is JSON: `access_token`, `token_type` (`Bearer`), `expires_in` (seconds; tokens last **10 minutes**) and `scope`.
           A wrong id or secret is `401 invalid_client`; a scope you are not registered for is `400 invalid_scope`.
        3. **Send it** on every call: `Authorization: Bearer <access_token>`. Reuse it until shortly before it expires, then ask for
           a new one (there are no refresh tokens). In this page, "Authorize" with the OAuth2 scheme fetches one for you.

        Token requests are limited per client address (60 a minute); API calls per agency (600 a minute). Over the limit you get
        `429` with `Retry-After` (seconds).

        ## Conventions

        - **Server**: call `{{{settings.Server}}}` only. Services are not reachable directly.
        - **Errors** are RFC 9457 problem documents (`application/problem+json`) with `title`, `detail`, `status`, a `correlationId`
          and a `traceId`. A `400` lists every bad field under `errors`, e.g. `{"errors":{"child.dateOfBirth":["is required."]}}`;
          an error about a code lists the valid codes, one about a format names it.
        - **401** means no valid token; **403** names the rule that refused (a missing scope or role) in `detail`; **404** also
          means "not yours to see" (another agency's record is never confirmed to exist).
        - **Correlation**: send `X-Correlation-Id` (an id of yours: letters, digits, `-`, `_`, `.`, `:`; up to 128 characters) and it comes back on the response and in
          the platform's logs; without one the gateway makes one. Quote it when you report a problem.
        - **Creates** (`POST` that answers `201`) take an optional `Idempotency-Key` header: send a fresh UUID per create and the
          same one on a retry; a replayed answer carries `Idempotent-Replayed: true`. Same key, different body: `422`.
        - **Changes** to an existing record need `If-Match` with the `ETag` from your last read (e.g. `"3"`): without it `428`,
          stale `412` (read again and retry). Every read and change answers with the current `ETag`.
        - **Paging**: lists take `page` (from 1) and `pageSize` (at most 100) and answer `items`, `page`, `pageSize` and `hasMore`;
          the audit lists take `after` (the last `sequence` you have) and `limit`, and answer `next`.
        - **Codes** (agencies, consent purposes, statuses, outcomes) are lower-case kebab-case strings; each field lists its codes.
        - **Dates** are ISO 8601: dates `yyyy-MM-dd`, instants `yyyy-MM-ddTHH:mm:ssZ` (or with an offset).
        """;
}
