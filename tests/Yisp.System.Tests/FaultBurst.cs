using System.Diagnostics;
using Xunit.Abstractions;
using Yisp.Testing;

namespace Yisp.System.Tests;

/// <summary>
/// Runs a burst of journeys, injects a fault once a quarter of the referrals are made, ends it after the outage, and
/// then waits for the platform to reconcile: the recovery time is from the moment the process, broker or database is
/// back (its restart is timed apart) until the last journey caught up.
/// </summary>
public sealed class FaultBurst(SystemPlatform platform, ITestOutputHelper output)
{
    /// <summary>Children per burst: a few dozen in CI, many more in a soak (YISP_SYSTEM_SOAK=1).</summary>
    public static int Children => Environment.GetEnvironmentVariable("YISP_SYSTEM_SOAK") == "1" ? 300 : 48;

    /// <summary>How long a fault lasts unless a test says otherwise: longer than the consumers' retry schedule before an
    /// attempt limit (about 6 s as deployed), shorter than patience.</summary>
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(7);

    /// <summary>The recovery time the platform is held to; printed beside each measurement (a shared machine is too noisy to fail on it).</summary>
    public static readonly TimeSpan RecoveryTarget = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromMinutes(3);

    /// <summary>Referrals arrive over about 5 s: the fault, injected once a quarter are made, lands while most are still to come.</summary>
    private static readonly TimeSpan ReferralsApart = TimeSpan.FromMilliseconds(100);

    public async Task RunAsync(string fault, Func<Task> inject, Func<Task> end, TimeSpan? outage = null)
    {
        outage ??= Outage;
        using var police = await platform.GatewayClientAsync(TestIdentity.AgencyClient("police"));
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        using var auditor = await platform.GatewayClientAsync(TestIdentity.Auditor);
        var journeys = JourneyDriver.Plan(Children);
        var clock = Stopwatch.StartNew();
        var burst = new JourneyDriver(police, coordinator).RunAsync(journeys, ReferralsApart);

        await Eventually.TrueAsync(() => journeys.Count(j => j.ReferralId is not null) >= Children / 4 || burst.IsCompleted,
            "a quarter of the referrals are made", TimeSpan.FromMinutes(2));
        var madeBefore = journeys.Count(j => j.ReferralId is not null);
        await inject();
        await Task.Delay(outage.Value); // the fault's length, not a wait for anything
        var ending = Stopwatch.StartNew();
        await end();
        var restarted = ending.Elapsed;
        var back = Stopwatch.StartNew();
        await burst;

        var reconciliation = new Reconciliation(platform, auditor);
        IReadOnlyList<string> findings = [];
        var caughtUp = DateTime.UtcNow + CatchUpLimit;
        while ((findings = await FindingsAsync(reconciliation, journeys)).Count > 0 && DateTime.UtcNow < caughtUp)
        {
            await Task.Delay(250);
        }
        var recovery = back.Elapsed;
        output.WriteLine($"{fault}: {Children} children ({madeBefore} referred before the fault, {journeys.Count(j => j.ReferralId is not null)} answered 201, " +
            $"{journeys.Count(j => j.ReferralId is null)} of unknown outcome to the agency); " +
            $"outage {outage.Value.TotalSeconds:0} s; back up {restarted.TotalSeconds:0.0} s after the fault began to end; recovery (back up to last journey caught up) " +
            $"{recovery.TotalSeconds:0.0} s (target {RecoveryTarget.TotalSeconds:0} s); whole burst {clock.Elapsed.TotalSeconds:0.0} s");
        // A burst in which most referrals never got a 201 proves nothing: the platform would owe nothing to reconcile. The faster
        // intake is, the more of the burst falls inside the outage (a database cut answers those 503): half must have got through.
        Assert.True(journeys.Count(j => j.ReferralId is not null) >= Children / 2,
            $"Only {journeys.Count(j => j.ReferralId is not null)} of {Children} referrals were answered 201 during {fault}.");
        Assert.True(findings.Count == 0,
            $"After {fault}, {findings.Count} problems remained {CatchUpLimit.TotalMinutes} minutes on:\n{string.Join("\n", findings)}\n{platform.Logs()}");
    }

    private static async Task<IReadOnlyList<string>> FindingsAsync(Reconciliation reconciliation, IReadOnlyList<Journey> journeys)
    {
        try
        {
            return await reconciliation.FindingsAsync(journeys);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Npgsql.NpgsqlException)
        {
            return [$"reconciliation could not read yet: {ex.Message}"];
        }
    }
}
