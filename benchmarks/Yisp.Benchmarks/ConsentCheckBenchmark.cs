using System.Diagnostics;
using System.Net;
using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// The consent check ("may agency A see case C for purpose P now?") straight at the consent service,
/// with 100,000 cases of effective consent: latency at fixed rates, then throughput.
/// </summary>
public static class ConsentCheckBenchmark
{
    private const int Cases = 100_000;
    private static readonly string[] Purposes = ["assessment", "intervention", "sharing"];

    public static async Task RunAsync()
    {
        Console.WriteLine($"== Consent check at the service, {Cases:N0} cases ({Environment.ProcessorCount} cores) ==");
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var consent = await ServiceProcess.StartAsync("services/Consent/Yisp.Consent.Api",
            await BenchPlatform.ServiceEnvironmentAsync(database, virtualHost));
        var seeding = Stopwatch.StartNew();
        var caseIds = await SeedAsync(database);
        Console.WriteLine($"seeded {Cases:N0} cases of effective consent in {seeding.Elapsed.TotalSeconds:F1} s");

        using var http = BenchPlatform.Client();
        // Police is consented for every seeded case, health for none: half the answers are yes, half no.
        Func<int, HttpRequestMessage> check = n => new HttpRequestMessage(HttpMethod.Get, new Uri(consent.BaseAddress,
            $"api/consent/check?caseId={caseIds[(n * 7919) % Cases]}&agency={(n % 2 == 0 ? "police" : "health")}&purpose={Purposes[n % 3]}"));
        await LoadGenerator.ClosedLoopAsync(http, callers: 8, TimeSpan.FromSeconds(8), check, HttpStatusCode.OK);
        foreach (var rate in new[] { 500, 1000 })
        {
            Console.WriteLine($"{rate,5} checks/s: {await LoadGenerator.FixedRateAsync(http, rate, TimeSpan.FromSeconds(15), check, HttpStatusCode.OK)}");
        }
        Console.WriteLine($"16 callers : {await LoadGenerator.ClosedLoopAsync(http, callers: 16, TimeSpan.FromSeconds(15), check, HttpStatusCode.OK)}");
    }

    private static async Task<Guid[]> SeedAsync(TestDatabase database)
    {
        var caseIds = Enumerable.Range(0, Cases).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.ExecuteAsync("""
            INSERT INTO consent_requests (case_id, agencies, required_parties, status, opened_at, version)
            SELECT unnest(@caseIds), 'police', 'child,parent-carer', 'open', now(), 3;
            INSERT INTO effective_consent (case_id, purpose, agency, expires_at)
            SELECT c, p.purpose, p.agency, now() + interval '300 days'
            FROM unnest(@caseIds) AS c
            CROSS JOIN (VALUES ('assessment', ''), ('intervention', ''), ('sharing', 'police')) AS p(purpose, agency);
            ANALYZE consent_requests, effective_consent;
            """, new { caseIds });
        return caseIds;
    }
}
