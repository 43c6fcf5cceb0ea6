using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.System.Tests;

/// <summary>
/// Checks, from the services' own databases and APIs, that the platform owes nothing: every journey answered 201 is at
/// its end state in every service, nothing was applied twice, no outbox row waits, no message is parked in an
/// `_error` queue, every audit chain verifies, and reporting counts what the services hold. Each finding names the
/// referrals it concerns.
/// </summary>
public sealed class Reconciliation(SystemPlatform platform, HttpClient auditor)
{
    public async Task<IReadOnlyList<string>> FindingsAsync(IReadOnlyList<Journey> journeys)
    {
        var findings = new List<string>();
        var made = journeys.Where(j => j.ReferralId is not null).ToList();
        findings.AddRange(made.Where(j => j.Abandoned is not null).Select(j => $"{j}: the driver gave up: {j.Abandoned}"));
        await JourneysAsync(made, findings);
        await OutboxesAsync(findings);
        await DeadLettersAsync(findings);
        await AuditChainsAsync(findings);
        await ReportingAsync(findings);
        return findings;
    }

    private async Task JourneysAsync(List<Journey> journeys, List<string> findings)
    {
        var ids = journeys.Select(j => j.ReferralId!.Value).ToArray();
        var cases = journeys.Select(j => j.CaseId).ToArray();
        var status = (await QueryAsync<(Guid Id, string Status)>(platform.ReferralDatabase,
            "SELECT id, status FROM referrals WHERE id = ANY(@ids)", new { ids })).ToDictionary(r => r.Id, r => r.Status);
        var requests = (await QueryAsync<Guid>(platform.ConsentDatabase,
            "SELECT case_id FROM consent_requests WHERE case_id = ANY(@cases)", new { cases })).ToHashSet();
        var opened = (await QueryAsync<(Guid CaseId, bool Suspended)>(platform.InterventionDatabase,
            "SELECT case_id, suspended FROM intervention_cases WHERE case_id = ANY(@cases)", new { cases })).ToDictionary(c => c.CaseId, c => c.Suspended);
        var openings = (await QueryAsync<(Guid CaseId, long Lines)>(platform.InterventionDatabase,
            "SELECT case_id, COUNT(*) FROM case_timeline WHERE kind = 'case-opened-for-assessment' AND case_id = ANY(@cases) GROUP BY case_id",
            new { cases })).ToDictionary(c => c.CaseId, c => c.Lines);
        foreach (var journey in journeys)
        {
            var problems = new List<string>();
            var actual = status.GetValueOrDefault(journey.ReferralId!.Value, "missing");
            if (actual != journey.ExpectedReferralStatus)
            {
                problems.Add($"referral is {actual}, not {journey.ExpectedReferralStatus}");
            }
            if (!requests.Contains(journey.CaseId))
            {
                problems.Add("no consent request");
            }
            var openedTimes = openings.GetValueOrDefault(journey.CaseId);
            if (journey.ExpectsCase && (!opened.TryGetValue(journey.CaseId, out var suspended) || openedTimes != 1))
            {
                problems.Add($"case opened {openedTimes} times in the intervention service, not once");
            }
            else if (!journey.ExpectsCase && (opened.ContainsKey(journey.CaseId) || openedTimes > 0))
            {
                problems.Add("a case opened in the intervention service without consent");
            }
            else if (journey.ExpectsCase && opened[journey.CaseId] != (journey.Decision == FamilyDecision.WithdrawsAfterConsenting))
            {
                problems.Add(opened[journey.CaseId] ? "case suspended though consent stands" : "case not suspended after the withdrawal");
            }
            if (problems.Count > 0)
            {
                findings.Add($"{journey}: {string.Join("; ", problems)}");
            }
        }
    }

    private async Task OutboxesAsync(List<string> findings)
    {
        foreach (var (service, database) in platform.Databases.Where(d => d.Service != "reporting"))
        {
            var waiting = await QueryAsync<(string Type, long Count, long Parked)>(database,
                "SELECT message_type, COUNT(*), COUNT(parked_at) FROM outbox_messages WHERE sent_at IS NULL GROUP BY message_type", null);
            findings.AddRange(waiting.Select(w => $"{service}: {w.Count} {w.Type} outbox rows unsent ({w.Parked} parked)"));
        }
    }

    private async Task DeadLettersAsync(List<string> findings)
    {
        var queues = await platform.VirtualHost.Management.QueuesAsync(platform.VirtualHost.Name);
        findings.AddRange(queues.Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) && q.Value > 0)
            .Select(q => $"{q.Value} messages dead-lettered in {q.Key}"));
    }

    private async Task AuditChainsAsync(List<string> findings)
    {
        foreach (var service in new[] { "referrals", "consent", "interventions" })
        {
            var verification = await auditor.GetFromJsonAsync<JsonElement>($"api/{service}/audit/verify");
            if (!verification.GetProperty("intact").GetBoolean())
            {
                findings.Add($"the {service} audit chain does not verify: {verification}");
            }
        }
    }

    /// <summary>Reporting's read model against the services' truth: every referral, and every case opened on consent.</summary>
    private async Task ReportingAsync(List<string> findings)
    {
        var referrals = await CountAsync(platform.ReferralDatabase, "SELECT COUNT(*) FROM referrals");
        var reported = await CountAsync(platform.ReportingDatabase, "SELECT COUNT(*) FROM rm_referrals");
        if (referrals != reported)
        {
            findings.Add($"reporting counts {reported} referrals; the referral service holds {referrals}");
        }
        var cases = await CountAsync(platform.InterventionDatabase, "SELECT COUNT(*) FROM intervention_cases");
        var consented = await CountAsync(platform.ReportingDatabase, "SELECT COUNT(*) FROM rm_cases WHERE consent_given_at IS NOT NULL");
        if (cases != consented)
        {
            findings.Add($"reporting counts {consented} cases consented; the intervention service opened {cases}");
        }
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql) => (await QueryAsync<long>(database, sql, null)).Single();

    private static async Task<IEnumerable<T>> QueryAsync<T>(TestDatabase database, string sql, object? parameters)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.QueryAsync<T>(sql, parameters);
    }
}
