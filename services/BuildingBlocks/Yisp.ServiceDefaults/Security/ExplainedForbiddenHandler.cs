using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Yisp.ServiceDefaults.Security;

/// <summary>The caller's token must carry the scope (RFC 9068's space-separated claim, or one claim per scope).</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (Caller.ScopesOf(context.User).Contains(requirement.Scope))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// A 403 from a policy says which rule refused and what the token has, as a problem document, so a developer
/// can tell a missing scope from a missing role without reading the platform's code.
/// </summary>
public sealed class ExplainedForbiddenHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || context.User.Identity?.IsAuthenticated != true)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
        var caller = context.Caller();
        var reasons = new List<string>();
        var scopes = failed.OfType<ScopeRequirement>().Select(r => r.Scope).Distinct().ToList();
        if (scopes.Count > 0)
        {
            reasons.Add($"This route needs the `{string.Join("`, `", scopes)}` scope; your token has: {Listed(caller.Scopes)}.");
        }
        foreach (var roles in failed.OfType<RolesAuthorizationRequirement>())
        {
            reasons.Add($"This route needs one of the roles {string.Join(", ", roles.AllowedRoles)}; your token has: {Listed(caller.Roles)}.");
        }
        if (reasons.Count == 0)
        {
            reasons.Add("Your token does not meet this route's access rule.");
        }
        var problem = TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden.",
            detail: string.Join(" ", reasons),
            extensions: new Dictionary<string, object?>
            {
                ["requiredScopes"] = scopes.Count > 0 ? scopes : null,
                ["requiredRoles"] = failed.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList() is { Count: > 0 } r ? r : null,
            });
        await problem.ExecuteAsync(context);
    }

    private static string Listed(IReadOnlySet<string> values) =>
        values.Count == 0 ? "none" : string.Join(", ", values.Order(StringComparer.Ordinal));
}
