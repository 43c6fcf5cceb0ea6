using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Batching;

namespace Yisp.Reporting.Application;

/// <summary>An event as it arrived: its message id and the message.</summary>
public sealed record IncomingEvent(Guid MessageId, object Message);

/// <summary>
/// Events on their way into the store and the read model, in batches (group commit): each consumer waits until
/// the transaction holding its event commits, so a message is acknowledged only once it is kept. One commit for
/// hundreds of events is what lets the service keep up with the whole platform.
/// </summary>
public sealed partial class EventIngest(UnitOfWorkFactory unitsOfWork, EventRecorder recorder, ILogger<EventIngest> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    private readonly GroupCommit<IncomingEvent, bool> commits = new(MaxBatch);

    /// <returns>False when the message id was recorded before (a redelivery, which changes nothing).</returns>
    public Task<bool> RecordAsync(IncomingEvent incoming, CancellationToken cancellationToken) =>
        commits.WriteAsync(incoming, WriteTimeout, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => commits.RunAsync(WriteAsync, (ex, count) =>
    {
        // One bad event must not fail the others: a batch that fails is tried again an event at a time.
        LogFailed(ex, count);
        return true;
    }, stoppingToken);

    private async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<IncomingEvent> events)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(CancellationToken.None);
        var recorded = await recorder.RecordAsync(unitOfWork, events, CancellationToken.None);
        await unitOfWork.CommitAsync(CancellationToken.None);
        return recorded;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a batch of {Count} events")]
    private partial void LogFailed(Exception exception, int count);
}
