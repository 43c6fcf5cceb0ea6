using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.ServiceDefaults.OpenApi;

/// <summary>
/// Adds what the platform's conventions make true of an operation but its handler cannot declare: the 401 and
/// 403 answers of an authenticated route (naming the scope and roles), If-Match with 412/428, Idempotency-Key
/// with 409/422 and Idempotent-Replayed, the gateway's 429, and the example body of the request type.
/// </summary>
internal sealed class PlatformOperationTransformer(ApiSchemaDocs docs) : IOpenApiOperationTransformer
{
    public const string ProblemSchema = "ProblemDetails";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        var document = context.Document;

        if (!metadata.OfType<IAllowAnonymous>().Any() && (metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any()))
        {
            var scopes = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>()
                .Where(p => p.StartsWith(AuthExtensions.ScopePolicyPrefix, StringComparison.Ordinal))
                .Select(p => p[AuthExtensions.ScopePolicyPrefix.Length..]).Distinct().ToList();
            var roles = metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements).OfType<RolesAuthorizationRequirement>()
                .Select(r => r.AllowedRoles.ToList()).ToList();
            Problem(operation, document, StatusCodes.Status401Unauthorized,
                "No valid access token: send `Authorization: Bearer <token>` with a token from the gateway's `/connect/token` that has not expired.");
            Problem(operation, document, StatusCodes.Status403Forbidden, ForbiddenText(scopes, roles));
            Problem(operation, document, StatusCodes.Status429TooManyRequests,
                "Your agency has used its request budget for this minute; wait the seconds named in `Retry-After`.",
                ("Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer));
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PlatformOpenApi.OAuth2Scheme, document)] = scopes },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PlatformOpenApi.BearerScheme, document)] = [] },
            ];
        }

        if (metadata.OfType<RequiresIfMatchMetadata>().Any())
        {
            Header(operation, "If-Match", required: true, "\"3\"",
                "The `ETag` you last read for this resource (e.g. from its GET). The change applies only if nobody changed it since.");
            Problem(operation, document, StatusCodes.Status412PreconditionFailed,
                "The resource changed since the ETag you sent: read it again, check the change still applies, and retry with the new ETag.");
            Problem(operation, document, StatusCodes.Status428PreconditionRequired, "`If-Match` is missing: send the ETag of the resource you are changing.");
            Success(operation, ("ETag", "The resource's new version, for the next `If-Match`.", JsonSchemaType.String));
        }

        if (metadata.OfType<AcceptsIdempotencyKeyMetadata>().Any())
        {
            Header(operation, "Idempotency-Key", required: false, "5f0c6d2e-7d0b-4c3a-9a51-0c1f2b9d4e77",
                "Optional but recommended: a value unique to this create (a UUID; at most 200 visible ASCII characters), chosen by your system " +
                "and kept with the request. Send the same key and body again after a timeout and you get the first answer back " +
                "(with `Idempotent-Replayed: true`); nothing is created twice. Keys belong to your client only.");
            Problem(operation, document, StatusCodes.Status409Conflict,
                "The first request with this Idempotency-Key is still running, has just failed (send it again), or was interrupted with an unknown outcome (check, then use a new key).");
            Problem(operation, document, StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was already used with a different body: use a new key for a new request.");
            Success(operation, ("Idempotent-Replayed", "`true` when this is the kept answer to an earlier request with the same Idempotency-Key.", JsonSchemaType.String));
        }

        var bodyType = RequestBodyType(context.Description);
        if (bodyType is not null && docs.Types.TryGetValue(bodyType, out var typeDocs) && typeDocs.Example is not null
            && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                media.Example = typeDocs.Example.DeepClone();
            }
        }
        return Task.CompletedTask;
    }

    private static Type? RequestBodyType(ApiDescription description) =>
        description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body || p.Source == BindingSource.Custom)?.Type
        ?? description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().FirstOrDefault()?.RequestType;

    private static string ForbiddenText(List<string> scopes, List<List<string>> roles)
    {
        var rules = new List<string>();
        if (scopes.Count > 0)
        {
            rules.Add($"the `{string.Join("`, `", scopes)}` scope");
        }
        rules.AddRange(roles.Select(r => $"one of the roles {string.Join(", ", r)}"));
        var refusal = rules.Count == 0 ? "Your token may not call this route." : $"This route needs {string.Join(" and ", rules)} in your token.";
        return refusal + " The problem document's `detail` names the rule that refused and what your token has.";
    }

    private static void Problem(OpenApiOperation operation, OpenApiDocument? document, int status, string description,
        params (string Name, string Description, JsonSchemaType Type)[] headers)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse known)
        {
            known.Description = description;
            return;
        }
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
        if (headers.Length > 0)
        {
            response.Headers = headers.ToDictionary(h => h.Name, h => (IOpenApiHeader)new OpenApiHeader
            {
                Description = h.Description,
                Schema = new OpenApiSchema { Type = h.Type },
            });
        }
        operation.Responses[key] = response;
    }

    private static void Header(OpenApiOperation operation, string name, bool required, string example, string description)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Example = JsonValue.Create(example),
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void Success(OpenApiOperation operation, (string Name, string Description, JsonSchemaType Type) header)
    {
        foreach (var (code, response) in operation.Responses!)
        {
            if (code.StartsWith('2') && response is OpenApiResponse success)
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers[header.Name] = new OpenApiHeader { Description = header.Description, Schema = new OpenApiSchema { Type = header.Type } };
            }
        }
    }
}
