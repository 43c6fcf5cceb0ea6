using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Messaging.Transactions;
using Yisp.Reporting;
using Yisp.Reporting.Application;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// The reporting service's own ingest, without the broker: batches of events as the group commit hands them to the
/// recorder, each batch one transaction into the event store, the inbox and the read model.
/// </summary>
public static class ReportingRecorderBenchmark
{
    public static async Task RunAsync(IReadOnlyList<object> events)
    {
        // The host's content root, which a test project's build would otherwise record for it.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_YISP_REPORTING_API",
            Path.Combine(ServiceProcess.RepositoryRoot, "services/Reporting/Yisp.Reporting.Api"));
        await using var context = await ServiceTestContext<ReportingServiceMarker>.StartAsync(new() { ["Logging:LogLevel:Default"] = "Warning" });
        var recorder = context.Service.Services.GetRequiredService<EventRecorder>();
        var unitsOfWork = context.Service.Services.GetRequiredService<UnitOfWorkFactory>();
        foreach (var batchSize in new[] { 100, 500 })
        {
            var part = events.Take(events.Count / 2).Select(e => new IncomingEvent(Guid.NewGuid(), e)).ToList();
            var clock = Stopwatch.StartNew();
            foreach (var batch in part.Chunk(batchSize))
            {
                await using var unitOfWork = await unitsOfWork.BeginAsync(default);
                await recorder.RecordAsync(unitOfWork, batch, default);
                await unitOfWork.CommitAsync(default);
            }
            Console.WriteLine($"recorder, batches of {batchSize}: {part.Count:N0} events stored and applied in {clock.Elapsed.TotalSeconds:F1} s = " +
                $"{part.Count / clock.Elapsed.TotalSeconds:F0} events/s (target 5,000 events/s)");
        }
    }
}
