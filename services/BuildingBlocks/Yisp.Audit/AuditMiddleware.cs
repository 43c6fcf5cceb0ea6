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
        if (context.GetEndpoint() is not RouteEndpoint { } endpoint || endpoint.Metadata.GetMetadata<AuditedResource>() is not { } resource)
        {
            return next(context);
        }
        // Taken now: an unhandled exception clears the endpoint and route values before the error response starts.
        var routeId = resource.RouteKey is not null ? context.GetRouteValue(resource.RouteKey)?.ToString() : null;
        var action = $"{context.Request.Method} {endpoint.RoutePattern.RawText}";
        context.Response.OnStarting(() => RecordAsync(context, resource, routeId, action));
        return next(context);
    }

    private async Task RecordAsync(HttpContext context, AuditedResource resource, string? routeId, string action)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var caller = context.Caller();
        var details = context.Items.TryGetValue(typeof(AuditDetails), out var set) ? (AuditDetails)set! : new AuditDetails();
        var status = context.Response.StatusCode;
        var outcome = details.Denied || status == StatusCodes.Status403Forbidden ? AuditOutcome.Denied
            : status < 400 ? AuditOutcome.Allowed
            : status < 500 ? AuditOutcome.Rejected
            : AuditOutcome.Failed;
        var correlationId = CorrelationContext.Current ?? context.Response.Headers[CorrelationContext.HeaderName].ToString();
        var records = details.Listed.Count > 0 ? details.Listed : [(details.ResourceId ?? routeId ?? "-", details.OwnerAgency)];
        var entries = records.Select(r => AuditEntry.Bounded(caller.ClientId, caller.Agency, caller.User, resource.ResourceType, r.Id,
            r.OwnerAgency, action, resource.Purpose, outcome, correlationId));
        // A write already committed is recorded even if the caller hangs up.
        await Task.WhenAll(entries.Select(entry => trail.AppendAsync(entry, CancellationToken.None)));
    }
}

/// <summary>What only the handler knows: the id of a record it created, the agency that contributed it, a refusal it answered with 404.</summary>
public sealed class AuditDetails
{
    public string? ResourceId { get; set; }

    /// <summary>Every record a list answer contained, with the agency that contributed it: one audit entry each.</summary>
    public List<(string Id, string? OwnerAgency)> Listed { get; } = [];
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
