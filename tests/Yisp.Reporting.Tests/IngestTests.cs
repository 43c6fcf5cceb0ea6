using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Referrals;
using Yisp.Reporting.Application;
using Yisp.Reporting.Domain;
using Yisp.Testing;

namespace Yisp.Reporting.Tests;

public sealed class IngestTests
{
    private static readonly ReportFilter November = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new HashSet<string>(), null, null, null);

    [Fact]
    public async Task The_figures_follow_new_events_and_a_rebuild_without_a_restart()
    {
        await using var context = await ReportingTestContext.StartAsync();
        await context.PublishAsync(Journey.Supported(Guid.NewGuid()));
        var first = await context.FiguresAsync(November);

        await context.PublishAsync(Journey.Supported(Guid.NewGuid(), "education"));
        var afterMore = await context.FiguresAsync(November);
        await context.RebuildAsync();
        var afterRebuild = await context.FiguresAsync(November);

        Assert.Equal(1L, Received(first));
        Assert.Equal(2L, Received(afterMore));
        Assert.Equal(2L, Received(afterRebuild));
        Assert.Equal(2L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM rm_referrals"));
    }

    [Fact]
    public async Task An_event_the_read_model_cannot_hold_fails_alone_and_the_rest_of_its_batch_is_kept()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var recorder = context.Service.Services.GetRequiredService<EventIngest>();
        var tooLong = new ReferralReceived(Guid.NewGuid(), new string('x', 200), "routine", Journey.Start, "10-11", "M1", "male");
        var good = Journey.Supported(Guid.NewGuid());

        // Queued together, so the writer takes them in one batch: the bad one's failure must not fail the others.
        var writes = good.Append(tooLong).Select(e => recorder.RecordAsync(new IncomingEvent(Guid.NewGuid(), e), default)).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return await w;
            }
            catch (Exception)
            {
                return (bool?)null;
            }
        }));

        Assert.Equal(good.Length, outcomes.Count(o => o == true));
        Assert.Null(outcomes[^1]);
        Assert.Equal(good.Length, await context.StoredAsync());
        Assert.Equal(1L, Received(await context.FiguresAsync(November)));
    }

    [Fact]
    public async Task A_redelivered_batch_changes_nothing()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var recorder = context.Service.Services.GetRequiredService<EventIngest>();
        var events = Journey.Supported(Guid.NewGuid()).Select(e => new IncomingEvent(Guid.NewGuid(), e)).ToList();

        var first = await Task.WhenAll(events.Select(e => recorder.RecordAsync(e, default)));
        var again = await Task.WhenAll(events.Concat(events).Select(e => recorder.RecordAsync(e, default)));

        Assert.All(first, Assert.True);
        Assert.All(again, Assert.False);
        Assert.Equal(events.Count, await context.StoredAsync());
        Assert.Equal(1L, Received(await context.FiguresAsync(November)));
    }

    [Fact]
    public async Task A_corrected_age_band_and_district_replace_those_received_whichever_arrives_first_and_after_a_rebuild()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var correctedFirst = Journey.Supported(Guid.NewGuid());
        var correctedLater = Journey.Supported(Guid.NewGuid());
        var early = (ReferralReceived)correctedFirst[0];
        var late = (ReferralReceived)correctedLater[0];

        await context.PublishAsync(new ReferralDetailsCorrected(early.ReferralId, null, "12-13", "M2", Journey.Start.AddDays(1)));
        await context.PublishAsync(correctedFirst);
        await context.PublishAsync(correctedLater);
        await context.PublishAsync(new ReferralDetailsCorrected(late.ReferralId, null, "8-9", "M3", Journey.Start.AddDays(2)),
            new ReferralDetailsCorrected(late.ReferralId, null, "12-13", "M4", Journey.Start.AddDays(1))); // an older correction changes nothing
        var live = await DetailsAsync(context);
        await context.RebuildAsync();

        Assert.Equal(["12-13 M2", "8-9 M3"], live);
        Assert.Equal(live, await DetailsAsync(context));
        Assert.Equal(2L, Received(await context.FiguresAsync(November)));

        async Task<List<string>> DetailsAsync(ReportingTestContext c) =>
        [
            await c.ScalarAsync<string>("SELECT age_band || ' ' || postcode_district FROM rm_referrals WHERE referral_id = @id", new { id = early.ReferralId }),
            await c.ScalarAsync<string>("SELECT age_band || ' ' || postcode_district FROM rm_referrals WHERE referral_id = @id", new { id = late.ReferralId }),
        ];
    }

    private static long Received(IReadOnlyList<Figure> figures) => figures.Single(f => f.Id == "referrals-by-agency").Counts.Sum(c => c[0]);
}
