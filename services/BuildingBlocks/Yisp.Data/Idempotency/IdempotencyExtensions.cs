using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yisp.ServiceDefaults;

namespace Yisp.Data.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>The table behind <see cref="IdempotentCreate"/> and a job that forgets keys after a day.</summary>
    public static WebApplicationBuilder AddIdempotencyKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddMigrations(typeof(IdempotencyExtensions).Assembly);
        builder.Services.AddHostedService<IdempotencyCleanup>();
        return builder;
    }
}

/// <summary>A key is honoured for a day: long enough for any client's retries, short enough to keep the table small.</summary>
public sealed class IdempotencyCleanup(Database database, TimeProvider time, ILogger<IdempotencyCleanup> logger) : PeriodicJob(time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(IdempotencySql.DeleteBefore, new { cutoff = Time.GetUtcNow() - Retention },
            cancellationToken: cancellationToken));
    }
}
