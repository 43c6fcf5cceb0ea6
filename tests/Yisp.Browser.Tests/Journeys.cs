using MassTransit;
using Npgsql;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Browser.Tests;

/// <summary>Children's journeys as the platform's services publish them, put on the test's virtual host for the reporting service.</summary>
public static class Journeys
{
    public static object[] Supported(DateTimeOffset start, string agency, string district, string outcome)
    {
        var caseId = Guid.NewGuid();
        var referral = Guid.NewGuid();
        var mentoring = Guid.NewGuid();
        var day = DateOnly.FromDateTime(start.AddDays(10).UtcDateTime);
        return
        [
            new ReferralReceived(referral, agency, "routine", start, "10-11", district, "male"),
            new ReferralLinkedToCase(referral, caseId, true, "identifier", start),
            new ReferralScreened(referral, caseId, "eligible", ["4 risk factors"], 4, 1, false, start),
            new ReferralAwaitingConsent(referral, caseId, agency, ["education"], start),
            new ConsentGranted(caseId, ["assessment", "intervention", "sharing"], [agency, "youth-service"], start.AddDays(3)),
            new AssessmentRecorded(caseId, Guid.NewGuid(), 1, 30, ["education"], start.AddDays(4),
                new Dictionary<string, int> { ["education"] = 4, ["lifestyle"] = 3 }),
            new PanelDecisionRecorded(caseId, Guid.NewGuid(), "support", start.AddDays(10)),
            new InterventionAssigned(caseId, mentoring, "mentoring", "youth-service", day, day.AddDays(80), start.AddDays(10)),
            new InterventionStarted(caseId, mentoring, "youth-service", start.AddDays(14)),
            new InterventionCompleted(caseId, mentoring, "youth-service", start.AddDays(25)),
            new AssessmentRecorded(caseId, Guid.NewGuid(), 2, 20, ["lifestyle"], start.AddDays(26),
                new Dictionary<string, int> { ["education"] = 1, ["lifestyle"] = 3 }),
            new CaseClosed(caseId, outcome, start.AddDays(27)),
        ];
    }

    /// <summary>Publishes the events as the other services would and waits until the reporting service has stored them all.</summary>
    public static async Task PublishAsync(TestVirtualHost virtualHost, TestDatabase database, IReadOnlyList<object> events)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(virtualHost.Broker.Host, (ushort)virtualHost.Broker.Port, virtualHost.Name, host =>
        {
            host.Username(virtualHost.Broker.Username);
            host.Password(virtualHost.Broker.Password);
        }));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            foreach (var e in events)
            {
                await bus.Publish(e, e.GetType());
            }
        }
        finally
        {
            await bus.StopAsync();
        }
        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM report_events", connection);
            return (long)(await count.ExecuteScalarAsync())! >= events.Count;
        }, $"the reporting service stored {events.Count} events", TimeSpan.FromSeconds(60));
    }
}
