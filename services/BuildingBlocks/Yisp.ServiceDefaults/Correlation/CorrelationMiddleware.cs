using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Yisp.ServiceDefaults.Correlation;

/// <summary>
/// Takes the caller's X-Correlation-Id (or makes one), puts it on the request for anything proxied
/// downstream, on the response, in every log scope and on the current trace.
/// </summary>
public sealed class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var supplied = context.Request.Headers[CorrelationContext.HeaderName].ToString();
        var correlationId = CorrelationContext.IsAcceptable(supplied) ? supplied : CorrelationContext.NewId();

        context.Request.Headers[CorrelationContext.HeaderName] = correlationId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationContext.HeaderName] = correlationId;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("yisp.correlation_id", correlationId);

        CorrelationContext.Current = correlationId;
        using (logger.BeginScope(new CorrelationScope(correlationId)))
        {
            await next(context);
        }
    }
}
