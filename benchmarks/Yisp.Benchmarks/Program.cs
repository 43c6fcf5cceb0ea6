using Yisp.Benchmarks;

// On-demand measurements, not part of the test run. Needs the same YISP_TEST_* endpoints as the tests
// (scripts/benchmark.sh provides them) and a Release build of the solution for the HTTP part.
var only = args.FirstOrDefault();
if (only is null or "relay")
{
    await RelayBenchmark.RunAsync();
}
if (only is null or "http")
{
    await GatewayBenchmark.RunAsync();
}
if (only is "http-throughput")
{
    await GatewayBenchmark.RunAsync(throughputOnly: true);
}
if (only is null or "intake")
{
    await IntakeBenchmark.RunAsync();
}
if (only is null or "consent")
{
    await ConsentCheckBenchmark.RunAsync();
}
if (only is null or "audit")
{
    await AuditBenchmark.RunAsync();
}
if (only is null or "reporting")
{
    await ReportingBenchmark.RunAsync();
}
if (only is null or "adapters")
{
    await AdapterBenchmark.RunAsync();
}
if (only is null or "journeys")
{
    await JourneyBenchmark.RunAsync();
}
if (only is "reporting-recorder")
{
    await ReportingBenchmark.RecorderOnlyAsync();
}
