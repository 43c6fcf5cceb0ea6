using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yisp.ServiceDefaults;

namespace Yisp.Audit;

/// <summary>
/// Writes where the chain ends to the service's log now and then. Shipped to write-once storage (the log
/// sink), these lines catch what the chain alone cannot: someone restoring an earlier copy of the whole
/// trail. Check with `audit-verify --checkpoint sequence:hash`. Names no one.
/// </summary>
public sealed partial class AuditCheckpointJob(AuditTrail trail, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditCheckpointJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.CheckpointInterval;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var head = await trail.HeadAsync(cancellationToken);
        if (head.Sequence > 0)
        {
            LogCheckpoint(head.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint {Checkpoint}")]
    private partial void LogCheckpoint(string checkpoint);
}
