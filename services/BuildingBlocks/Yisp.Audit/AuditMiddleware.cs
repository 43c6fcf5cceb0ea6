using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Yisp.ServiceDefaults.Correlation;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Audit;

/// <summary>Marks an endpoint as touching child-level data: what kind of record, for what purpose, and which route value names it.</summary>
public sealed record AuditedResource(string ResourceType, string Purpose, string? RouteKey);

/// <summary>
/// Records every authenticated call to an audited endpoint, allowed or refused, before its response
/// starts: a read is never served without its record. Anonymous calls are turned away before any data
/// and are not recorded (anyone could fill the trail with them).
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditTrail trail)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AuditedResource>() is not { } resource)
        {
            return next(context);
        }
        context.Response.OnStarting(() => RecordAsync(context, resource));
        return next(context);
    }

    private async Task RecordAsync(HttpContext context, AuditedResource resource)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var caller = context.Caller();
        var details = context.Items.TryGetValue(typeof(AuditDetails), out var set) ? (AuditDetails)set! : new AuditDetails();
        var resourceId = details.ResourceId
            ?? (resource.RouteKey is not null ? context.GetRouteValue(resource.RouteKey)?.ToString() : null)
            ?? "-";
        var status = context.Response.StatusCode;
        var outcome = details.Denied || status == StatusCodes.Status403Forbidden ? AuditOutcome.Denied
            : status < 400 ? AuditOutcome.Allowed
            : status < 500 ? AuditOutcome.Rejected
            : AuditOutcome.Failed;
        var action = $"{context.Request.Method} {(context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText}";
        await trail.AppendAsync(new AuditEntry(caller.ClientId, caller.Agency, caller.User, resource.ResourceType, resourceId,
            details.OwnerAgency, Truncate(action, 100), resource.Purpose, outcome,
            CorrelationContext.Current ?? context.Response.Headers[CorrelationContext.HeaderName].ToString()),
            CancellationToken.None); // a write already committed is recorded even if the caller hangs up
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>What only the handler knows: the id of a record it created, the agency that contributed it, a refusal it answered with 404.</summary>
public sealed class AuditDetails
{
    public string? ResourceId { get; set; }
    public string? OwnerAgency { get; set; }
    public bool Denied { get; set; }
}

public static class AuditHttpContextExtensions
{
    public static AuditDetails Audit(this HttpContext context) =>
        context.Items.TryGetValue(typeof(AuditDetails), out var details)
            ? (AuditDetails)details!
            : (AuditDetails)(context.Items[typeof(AuditDetails)] = new AuditDetails());
}
