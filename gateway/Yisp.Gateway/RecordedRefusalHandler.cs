using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Yisp.Audit;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Gateway;

/// <summary>
/// Records each call the gateway's authorization refuses (403 on a role or scope policy; 401 on a token presented but
/// not accepted), then answers as every service does (<see cref="ExplainedForbiddenHandler"/>). Allowed calls pass
/// untouched: the happy path never waits for the trail.
/// </summary>
public sealed class RecordedRefusalHandler(GatewayTrail refusals) : IAuthorizationMiddlewareResultHandler
{
    private readonly ExplainedForbiddenHandler explained = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            await refusals.RecordAsync(context, AuditOutcome.Denied, GatewayTrail.DeniedReason(context, authorizeResult.AuthorizationFailure));
        }
        else if (authorizeResult.Challenged && GatewayTrail.PresentedToken(context))
        {
            await refusals.RecordAsync(context, AuditOutcome.Unauthenticated, await GatewayTrail.UnauthenticatedReasonAsync(context));
        }
        await explained.HandleAsync(next, context, policy, authorizeResult);
    }
}
