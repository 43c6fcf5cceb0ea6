using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Yisp.ServiceDefaults;

/// <summary>
/// Background work that runs now and then every <see cref="Interval"/>: a failed run is logged and the
/// next one goes ahead; stopping the host ends it quietly.
/// </summary>
public abstract partial class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time => time;

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    await RunAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRunFailed(logger, GetType().Name, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed; it will run again")]
    private static partial void LogRunFailed(ILogger logger, string job, Exception exception);
}
