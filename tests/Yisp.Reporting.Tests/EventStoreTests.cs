using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Referrals;
using Yisp.Reporting.Domain;
using Yisp.Testing;

namespace Yisp.Reporting.Tests;

public sealed class EventStoreTests
{
    private static readonly ReportFilter November = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new HashSet<string>(), null, null, null);

    [Fact]
    public async Task Every_event_is_stored_once_and_the_read_model_follows_the_journey()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var caseId = Guid.NewGuid();
        var journey = Journey.Supported(caseId);
        using var duplicates = new DuplicateWatch();

        await context.PublishAsync([.. journey, .. Journey.Ineligible()]);
        var messageId = Guid.NewGuid();
        await context.Service.Services.GetRequiredService<IBus>().Publish(journey[0], c => c.MessageId = messageId);
        await context.Service.Services.GetRequiredService<IBus>().Publish(journey[0], c => c.MessageId = messageId);
        await Handled.ReceiptAsync(context.Database, messageId);
        await duplicates.SkippedAsync("reporting:ReferralReceived");

        Assert.Equal(journey.Length + 3 + 1, await context.StoredAsync());
        Assert.Equal(2L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM rm_referrals"));
        var figures = (await context.FiguresAsync(November)).ToDictionary(f => f.Id);
        Assert.Equal([("education", 1L), ("police", 1L)], Rows(figures["referrals-by-agency"]));
        Assert.Equal(1L, Row(figures["screening"], "ineligible: age"));
        Assert.Equal(1L, Row(figures["consent"], "given"));
        Assert.Equal(1L, Row(figures["outcomes"], "goals-achieved"));
        Assert.Equal(1L, Row(figures["multi-agency"], "two or more agencies delivering"));
        Assert.Equal(1L, Row(figures["intervention-progress"], "stopped"));
        Assert.Equal(1L, Row(figures["stop-reasons"], "moved-away"));
        Assert.Equal(0L, Row(figures["stop-reasons"], "other"));
        var timeliness = figures["timeliness"].Statistics.ToDictionary(s => s.Label);
        Assert.Equal(10.0, timeliness["referral to panel decision, median"].Value);
        Assert.Equal(4.0, timeliness["panel decision to first intervention, median"].Value);
        var scores = figures["score-change"].Statistics.ToDictionary(s => s.Label);
        Assert.Equal(-10.0, scores["total score"].Value);
        Assert.Equal(-3.0, scores["education"].Value);
    }

    [Fact]
    public async Task Free_text_never_reaches_the_store()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var referral = Guid.NewGuid();

        await context.PublishAsync([.. Journey.Supported(Guid.NewGuid()),
            new ReferralScreened(referral, null, "ineligible", ["coordinator: Jo Bloggs's family moved to Leeds"], 1, 1, true, Journey.Start)]);

        var payloads = await context.ScalarAsync<string>("SELECT string_agg(payload, ' ') FROM report_events");
        Assert.DoesNotContain("Bloggs", payloads, StringComparison.Ordinal);
        Assert.DoesNotContain("Leeds", payloads, StringComparison.Ordinal);
        Assert.Contains("coordinator", payloads, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rebuild_replays_the_store_into_identical_figures_and_skips_events_it_does_not_know()
    {
        await using var context = await ReportingTestContext.StartAsync();
        await context.PublishAsync([.. Journey.Supported(Guid.NewGuid()), .. Journey.Supported(Guid.NewGuid(), "education", "M2", 5, 12, 20, "disengaged"),
            .. Journey.Ineligible(), .. Journey.Ineligible("health")]);
        var before = JsonSerializer.Serialize(await context.FiguresAsync(November));
        await using (var connection = new Npgsql.NpgsqlConnection(context.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand(
                "INSERT INTO report_events (message_id, event_type, occurred_at, payload, stored_at) VALUES (@id, 'SomethingFromANewerService', now(), '{}', now())",
                connection);
            insert.Parameters.AddWithValue("id", Guid.NewGuid());
            await insert.ExecuteNonQueryAsync();
        }

        var first = await context.RebuildAsync();
        var afterFirst = JsonSerializer.Serialize(await context.FiguresAsync(November));
        var second = await context.RebuildAsync();

        Assert.Equal(before, afterFirst);
        Assert.Equal(before, JsonSerializer.Serialize(await context.FiguresAsync(November)));
        Assert.Equal(1, first.Skipped);
        Assert.Equal(first, second);
        Assert.Equal(await context.StoredAsync() - 1, first.Applied);
    }

    private static List<(string, long)> Rows(Figure figure) => [.. figure.Rows.Select((label, i) => (label, figure.Counts[i][0]))];

    private static long Row(Figure figure, string label) => figure.Counts[figure.Rows.ToList().IndexOf(label)][0];
}
