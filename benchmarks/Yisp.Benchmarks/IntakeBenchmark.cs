using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Referral.Domain.Matching;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// Referral intake through the gateway with matching against 100,000 open cases: a fixed 100
/// referrals a second for a minute, one in five naming a child who already has a case.
/// </summary>
public static class IntakeBenchmark
{
    private const int OpenCases = 100_000;
    private const int Rate = 100;
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);

    public static async Task RunAsync()
    {
        Console.WriteLine($"== Referral intake through the gateway, {OpenCases:N0} open cases ({Environment.ProcessorCount} cores) ==");
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var referral = await ServiceProcess.StartAsync("services/Referral/Yisp.Referral.Api",
            await BenchPlatform.ServiceEnvironmentAsync(database, virtualHost));
        await using var gatewayDatabase = await TestDatabase.CreateAsync();
        await using var gateway = await BenchPlatform.GatewayAsync(referral, gatewayDatabase);

        var seeding = Stopwatch.StartNew();
        await SeedOpenCasesAsync(database, virtualHost, OpenCases);
        Console.WriteLine($"seeded {OpenCases:N0} open cases with their match keys and referrals in {seeding.Elapsed.TotalSeconds:F1} s");

        using var http = BenchPlatform.Client();
        var target = new Uri(gateway.BaseAddress, "api/referrals");
        await LoadGenerator.ClosedLoopAsync(http, callers: 4, TimeSpan.FromSeconds(10), LoadGenerator.Post(target, n => Body(1_000_000 + n)));
        var stats = await LoadGenerator.FixedRateAsync(http, Rate, Duration, LoadGenerator.Post(target, Body));
        Console.WriteLine($"{Rate} referrals/s for {Duration.TotalSeconds:F0} s: {stats}");
        var linked = await ScalarAsync(database, "SELECT COUNT(*) FROM referrals WHERE match_state = 'linked'");
        Console.WriteLine($"referrals linked to an existing case: {linked:N0}; p99 target 50 ms: {(stats.P99Ms <= 50 ? "met" : "missed")}");
    }

    /// <summary>Every fifth referral names a seeded child (by NHS number); the rest are new children.</summary>
    private static byte[] Body(int n)
    {
        var existing = n % 5 == 0;
        var child = existing ? (n * 7919) % OpenCases : n;
        return JsonSerializer.SerializeToUtf8Bytes(ReferralPayloads.Valid(
            agency: existing ? "education" : "police",
            givenName: existing ? "Seed" : "Bench",
            familyName: $"Child{child}",
            nhsNumber: existing ? SeededNhsNumber(child) : ReferralPayloads.NhsNumber(50_000_000 + (n * 13))));
    }

    private static string SeededNhsNumber(int child) => ReferralPayloads.NhsNumber(child * 13);

    /// <summary>Open cases with their match keys and referrals, written straight to a migrated referral database, then analyzed.</summary>
    internal static async Task SeedOpenCasesAsync(TestDatabase database, TestVirtualHost virtualHost, int openCases)
    {
        var hasher = new MatchKeyHasher(Convert.FromBase64String(TestSettings.For(database, virtualHost)["Referral:Matching:Secret"]!));
        var caseIds = new Guid[openCases];
        var referralIds = new Guid[openCases];
        var keyTypes = new List<string>(openCases * 2);
        var keyHashes = new List<string>(openCases * 2);
        var keyCases = new List<Guid>(openCases * 2);
        for (var i = 0; i < openCases; i++)
        {
            caseIds[i] = Guid.CreateVersion7();
            referralIds[i] = Guid.CreateVersion7();
            foreach (var key in hasher.KeysFor(new MatchIdentity(SeededNhsNumber(i), null, "Seed", $"Child{i}", new DateOnly(2014, 5, 1), "M1 1")))
            {
                keyTypes.Add(key.Type);
                keyHashes.Add(key.Hash);
                keyCases.Add(caseIds[i]);
            }
        }
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.ExecuteAsync("INSERT INTO cases (id, status, opened_at) SELECT unnest(@caseIds), 'open', now()", new { caseIds });
        await connection.ExecuteAsync("INSERT INTO case_match_keys (key_type, key_hash, case_id) SELECT unnest(@keyTypes), unnest(@keyHashes), unnest(@keyCases)",
            new { keyTypes = keyTypes.ToArray(), keyHashes = keyHashes.ToArray(), keyCases = keyCases.ToArray() });
        await connection.ExecuteAsync("""
            INSERT INTO referrals (id, case_id, match_state, referring_agency, status, screening_outcome, screening_reasons,
                screening_overridden, urgency, risk_factors, agencies_involved, age_at_referral, postcode_district,
                sealed_identity, received_at, updated_at, version)
            SELECT unnest(@referralIds), unnest(@caseIds), 'new-case', 'police', 'awaiting-consent', 'eligible', '',
                false, 'routine', '', '', 11, 'M1', 'not-read-by-this-benchmark', now(), now(), 1
            """, new { referralIds, caseIds });
        await connection.ExecuteAsync("ANALYZE cases, case_match_keys, referrals");
    }

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
