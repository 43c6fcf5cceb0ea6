using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Yisp.ServiceDefaults.Memory;

/// <summary>
/// Once a service falls quiet after a burst of work, one full compacting collection returns the heap the burst grew
/// to the operating system, and the native heap's free pages follow (<see cref="NativeHeap"/>). The collector alone
/// keeps it: it decommits only while it collects, and an idle service allocates too little to collect. The pause (tens
/// of milliseconds) falls when nothing is being done.
/// </summary>
public sealed partial class IdleMemoryRelease(IOptions<IdleMemoryOptions> options, TimeProvider time, ILogger<IdleMemoryRelease> logger)
    : PeriodicJob(time, logger)
{
    private readonly IdleMemoryOptions settings = options.Value;
    private long allocatedAtLastLook = GC.GetTotalAllocatedBytes();
    private long allocatedAtLastRelease = GC.GetTotalAllocatedBytes();

    protected override TimeSpan Interval => settings.IdleCheckInterval;

    public static bool ShouldRelease(long allocatedSinceLastLook, long allocatedSinceLastRelease, IdleMemoryOptions settings) =>
        settings.ReleaseWhenIdle
        && allocatedSinceLastLook < settings.IdleBelowBytes
        && allocatedSinceLastRelease >= settings.WorkBeforeReleaseBytes;

    protected override Task RunAsync(CancellationToken cancellationToken)
    {
        ReleaseIfIdle();
        return Task.CompletedTask;
    }

    /// <summary>One look: releases when the process was quiet since the last look after enough work. Whether it released.</summary>
    public bool ReleaseIfIdle()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var release = ShouldRelease(allocated - allocatedAtLastLook, allocated - allocatedAtLastRelease, settings);
        allocatedAtLastLook = allocated;
        if (release)
        {
            var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.Trim();
            allocatedAtLastRelease = allocatedAtLastLook = GC.GetTotalAllocatedBytes();
            LogReleased(logger, committedBefore >> 20, GC.GetGCMemoryInfo().TotalCommittedBytes >> 20);
        }
        return release;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle: heap released, {BeforeMegabytes} MB committed before, {AfterMegabytes} MB after")]
    private static partial void LogReleased(ILogger logger, long beforeMegabytes, long afterMegabytes);
}
