using System.Diagnostics;
using System.Net;
using Dapper;
using MassTransit;
using Npgsql;
using Yisp.Contracts.Interventions;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// The reporting service: events per second from the broker into its store and read model (the real consumer
/// path, 100,000 events), then the dashboard's query (all figures for a month and for a financial year) over a read model the
/// size 1,000,000 events make (62,500 journeys of 16 events), at the service.
/// </summary>
public static class ReportingBenchmark
{
    private const int IngestJourneys = 6_250;
    private const int QueryJourneys = 62_500;

    public static async Task RunAsync()
    {
        Console.WriteLine($"== Reporting: ingest and figures ({Environment.ProcessorCount} cores) ==");
        await ReportingRecorderBenchmark.RunAsync(Events());
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        var environment = await BenchPlatform.ServiceEnvironmentAsync(database, virtualHost);
        await using (await ServiceProcess.StartAsync(ServiceFolder, environment))
        {
            // Started once and stopped: its schema, queue and bindings now exist.
        }
        await SeedAsync(database);
        var backlog = await PublishBacklogAsync(virtualHost);
        await using var reporting = await ServiceProcess.StartAsync(ServiceFolder, environment);
        await DrainAsync(database, backlog);
        using var http = BenchPlatform.Client();
        var clock = Stopwatch.StartNew();
        using (var first = await http.GetAsync(new Uri(reporting.BaseAddress, "api/reports/figures?period=FY2026")))
        {
            first.EnsureSuccessStatusCode();
        }
        Console.WriteLine($"first query after start (loads the read model into memory): {clock.ElapsedMilliseconds:N0} ms");
        foreach (var period in new[] { "2026-11", "FY2026" })
        {
            Func<int, HttpRequestMessage> same = _ => Figures(reporting, $"period={period}");
            Console.WriteLine($"figures {period,-7} same query, 2 callers:      {await LoadGenerator.ClosedLoopAsync(http, 2, TimeSpan.FromSeconds(15), same, HttpStatusCode.OK)}  (target p99 200 ms)");
            Func<int, HttpRequestMessage> different = i => Figures(reporting, $"period={period}&{Filters[i % Filters.Length]}&districts=M1,M2,M3,SK4,X{i % 97}");
            Console.WriteLine($"figures {period,-7} a new filter each, 2 callers: {await LoadGenerator.ClosedLoopAsync(http, 2, TimeSpan.FromSeconds(15), different, HttpStatusCode.OK)}  (computed every time)");
        }
    }

    /// <summary>Only the recorder's figures (scripts/benchmark.sh reporting-recorder).</summary>
    public static Task RecorderOnlyAsync() => ReportingRecorderBenchmark.RunAsync(Events());

    private const string ServiceFolder = "services/Reporting/Yisp.Reporting.Api";

    private static readonly string[] Filters = ["agency=police", "ageBand=10-11", "sex=female", "agency=health&sex=male", "ageBand=12-13&agency=education"];

    private static HttpRequestMessage Figures(ServiceProcess reporting, string query) =>
        new(HttpMethod.Get, new Uri(reporting.BaseAddress, $"api/reports/figures?{query}"));

    /// <summary>Publishes the ingest's events while the service is stopped: they wait on its queue.</summary>
    private static async Task<int> PublishBacklogAsync(TestVirtualHost virtualHost)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(virtualHost.Broker.Host, (ushort)virtualHost.Broker.Port, virtualHost.Name, host =>
        {
            host.Username(virtualHost.Broker.Username);
            host.Password(virtualHost.Broker.Password);
        }));
        await bus.StartAsync();
        try
        {
            var events = Events();
            var clock = Stopwatch.StartNew();
            foreach (var chunk in events.Chunk(256))
            {
                await Task.WhenAll(chunk.Select(e => bus.Publish(e, e.GetType())));
            }
            Console.WriteLine($"published a backlog of {events.Count:N0} events in {clock.Elapsed.TotalSeconds:F1} s with the service stopped");
            return events.Count;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>From the moment the service is ready: events stored and applied to the read model per second.</summary>
    private static async Task DrainAsync(TestDatabase database, int backlog)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        const string Stored = "SELECT COUNT(*) FROM report_events";
        var clock = Stopwatch.StartNew();
        var already = await connection.ExecuteScalarAsync<long>(Stored);
        while (await connection.ExecuteScalarAsync<long>(Stored) < backlog && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(50);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest: {backlog - already:N0} events stored and applied in {seconds:F1} s = {(backlog - already) / seconds:F0} events/s " +
            $"({already:N0} more were in before the service answered ready; target 5,000 events/s)");
    }

    /// <summary>The read model of <see cref="QueryJourneys"/> journeys spread over a year, written directly: what a replay of 1,000,000 events leaves.</summary>
    private static async Task SeedAsync(TestDatabase database)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.ExecuteAsync("""
            INSERT INTO rm_referrals (referral_id, case_id, referring_agency, urgency, age_band, postcode_district, sex, received_at, screening_outcome, joined_existing_case)
            SELECT gen_random_uuid(), c, (ARRAY['police','education','health','housing'])[1 + i % 4], 'routine', (ARRAY['8-9','10-11','12-13'])[1 + i % 3],
                (ARRAY['M1','M2','M3','SK4'])[1 + i % 4], (ARRAY['male','female'])[1 + i % 2], timestamptz '2026-04-01' + (i % 365) * interval '1 day',
                'eligible', false
            FROM (SELECT i, gen_random_uuid() AS c FROM generate_series(1, @n) AS i) AS s;
            INSERT INTO rm_cases (case_id, consent_requested_at, consent_given_at, panel_decided_at, panel_decision, first_intervention_at, closed_at, outcome)
            SELECT case_id, received_at, received_at + interval '3 days', received_at + interval '10 days', 'support', received_at + interval '14 days',
                received_at + interval '90 days', 'goals-achieved' FROM rm_referrals;
            INSERT INTO rm_interventions (intervention_id, case_id, intervention_type, lead_agency, assigned_at, started_at, completed_at)
            SELECT gen_random_uuid(), case_id, 'mentoring', 'youth-service', panel_decided_at, first_intervention_at, closed_at FROM rm_cases;
            INSERT INTO rm_assessments (assessment_id, case_id, assessment_version, total, ratings, recorded_at)
            SELECT gen_random_uuid(), case_id, v, 30 - v * 5, '{"education":' || (4 - v) || '}', consent_given_at + v * interval '20 days'
            FROM rm_cases CROSS JOIN (VALUES (1), (2)) AS versions(v);
            ANALYZE;
            """, new { n = QueryJourneys });
        Console.WriteLine($"seeded the read model of {QueryJourneys:N0} journeys (about {QueryJourneys * 16:N0} events) in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static List<object> Events() =>
        [.. Enumerable.Range(0, IngestJourneys).SelectMany(_ => Journey(Guid.NewGuid(), new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)))];

    private static object[] Journey(Guid caseId, DateTimeOffset at)
    {
        var referral = Guid.NewGuid();
        var intervention = Guid.NewGuid();
        return
        [
            new ReferralReceived(referral, "police", "routine", at, "10-11", "M1", "male"),
            new ReferralLinkedToCase(referral, caseId, true, "identifier", at),
            new ReferralScreened(referral, caseId, "eligible", ["4 risk factors"], 4, 1, false, at),
            new ReferralAwaitingConsent(referral, caseId, "police", [], at),
            new Yisp.Contracts.Consent.ConsentGranted(caseId, ["assessment", "intervention", "sharing"], ["police"], at.AddDays(3)),
            new AssessmentRecorded(caseId, Guid.NewGuid(), 1, 30, ["education"], at.AddDays(4), new Dictionary<string, int> { ["education"] = 4 }),
            new PanelDecisionRecorded(caseId, Guid.NewGuid(), "support", at.AddDays(10)),
            new InterventionAssigned(caseId, intervention, "mentoring", "youth-service", new DateOnly(2026, 11, 12), new DateOnly(2027, 2, 1), at.AddDays(10)),
            new InterventionStarted(caseId, intervention, "youth-service", at.AddDays(14)),
            new InterventionProgressRecorded(caseId, intervention, "youth-service", at.AddDays(15)),
            new ReviewRecorded(caseId, Guid.NewGuid(), new DateOnly(2026, 11, 20), at.AddDays(30), at.AddDays(18)),
            new InterventionCompleted(caseId, intervention, "youth-service", at.AddDays(20)),
            new AssessmentRecorded(caseId, Guid.NewGuid(), 2, 20, ["lifestyle"], at.AddDays(21), new Dictionary<string, int> { ["education"] = 1 }),
            new ReferralAccepted(referral, caseId, at.AddDays(3)),
            new CaseOpenedForAssessment(caseId, at.AddDays(3)),
            new CaseClosed(caseId, "goals-achieved", at.AddDays(22)),
        ];
    }
}
