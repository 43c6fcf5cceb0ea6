using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Idempotency;

namespace Yisp.Data.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>The store behind <see cref="IdempotentCreate"/> (every create of the service) and a job that forgets keys after a day.</summary>
    public static WebApplicationBuilder AddIdempotencyKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddMigrations(typeof(IdempotencyExtensions).Assembly);
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<IIdempotencyStore>(services => services.GetRequiredService<IdempotencyStore>());
        builder.Services.AddHostedService<IdempotencyCleanup>();
        return builder;
    }
}

/// <summary>A key is honoured for a day: long enough for any client's retries, short enough to keep the table small.</summary>
public sealed class IdempotencyCleanup(IdempotencyStore store, TimeProvider time, ILogger<IdempotencyCleanup> logger) : PeriodicJob(time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunAsync(CancellationToken cancellationToken) => store.DeleteBeforeAsync(Time.GetUtcNow() - Retention, cancellationToken);
}
