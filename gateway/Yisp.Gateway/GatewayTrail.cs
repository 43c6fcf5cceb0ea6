using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Yisp.Audit;
using Yisp.ServiceDefaults.Correlation;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Gateway;

/// <summary>
/// The gateway's own audit trail: the calls it turns away itself (they never reach a service, so no service records
/// them) and the subject access requests it answers itself. Who (client, agency, user from the token), which route and method, the outcome and the rule that refused.
/// The route's pattern is recorded, never the path, query or body a caller typed, so no child's details get in.
/// Awaited before the refusal is answered: a refusal that cannot be recorded fails (500), as in the services.
/// </summary>
public sealed class GatewayTrail(AuditTrail trail)
{
    public const string ResourceType = "gateway-route";

    public Task RecordAsync(HttpContext context, string outcome, string reason)
    {
        var caller = context.User.Identity?.IsAuthenticated == true ? context.Caller() : null;
        var endpoint = context.GetEndpoint();
        var pattern = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var entry = AuditEntry.Bounded(caller?.ClientId ?? "-", caller?.Agency ?? "-", caller?.User, ResourceType,
            endpoint?.DisplayName ?? pattern, ownerAgency: null, $"{context.Request.Method} {pattern}", reason, outcome,
            CorrelationContext.Current);
        return trail.AppendAsync(entry, CancellationToken.None);
    }

    /// <summary>The route's policies and what the token lacked, e.g. "panel:referrals: role" or "scope:audit: scope audit".</summary>
    public static string DeniedReason(HttpContext context, AuthorizationFailure? failure)
    {
        var policies = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal) ?? [];
        var failed = failure?.FailedRequirements.ToList() ?? [];
        var lacking = failed.OfType<ScopeRequirement>().Select(r => "scope " + r.Scope)
            .Concat(failed.OfType<RolesAuthorizationRequirement>().Select(_ => "role"))
            .Distinct(StringComparer.Ordinal);
        var named = string.Join(",", policies);
        return (named.Length > 0 ? named + ": " : "policy: ") + string.Join(", ", lacking.DefaultIfEmpty("rule"));
    }

    /// <summary>Why the token was not accepted, by kind only (never the token's content). The handler keeps its result per request.</summary>
    public static async Task<string> UnauthenticatedReasonAsync(HttpContext context) =>
        (await context.AuthenticateAsync()).Failure switch
        {
            SecurityTokenExpiredException => "token expired",
            SecurityTokenNotYetValidException => "token not yet valid",
            SecurityTokenInvalidAudienceException => "token for another audience",
            SecurityTokenInvalidIssuerException => "token from another issuer",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "token signature not valid",
            _ => "token not valid",
        };

    /// <summary>A bearer token was sent: a call with none is anonymous, and those are not recorded (anyone could fill the trail).</summary>
    public static bool PresentedToken(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
