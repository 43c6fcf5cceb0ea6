using MassTransit;
using Microsoft.Extensions.Logging;
using Yisp.ServiceDefaults.Correlation;

namespace Yisp.Messaging.Correlation;

/// <summary>Restores the message's correlation id for the consumer, its logs and anything it writes to the outbox.</summary>
public sealed class CorrelationConsumeFilter<T>(ILogger<CorrelationConsumeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var supplied = context.Headers.Get<string>(CorrelationContext.HeaderName);
        var correlationId = CorrelationContext.IsAcceptable(supplied)
            ? supplied!
            : context.CorrelationId?.ToString("D") ?? CorrelationContext.NewId();
        var previous = CorrelationContext.Current;
        CorrelationContext.Current = correlationId;
        try
        {
            using (logger.BeginScope(new CorrelationScope(correlationId)))
            {
                await next.Send(context);
            }
        }
        finally
        {
            CorrelationContext.Current = previous;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("correlation");
}

/// <summary>Stamps messages published outside the outbox (requests, replies) with the current correlation id.</summary>
public sealed class CorrelationPublishFilter<T> : IFilter<PublishContext<T>> where T : class
{
    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        CorrelationStamp.Apply(context);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("correlation");
}

public sealed class CorrelationSendFilter<T> : IFilter<SendContext<T>> where T : class
{
    public Task Send(SendContext<T> context, IPipe<SendContext<T>> next)
    {
        CorrelationStamp.Apply(context);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("correlation");
}

internal static class CorrelationStamp
{
    public static void Apply(SendContext context)
    {
        if (CorrelationContext.Current is { } current && context.Headers.Get<string>(CorrelationContext.HeaderName) is null)
        {
            context.Headers.Set(CorrelationContext.HeaderName, current);
        }
    }
}
