using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Adapters.ChildrensSocialCare;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Delivery.Signing;
using Yisp.Contracts.Agencies;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Delivery;

/// <summary>The statutory agencies' adapters deliver in their own formats through an endpoint that fails, goes away and comes back.</summary>
public sealed class StatutoryAdapterDeliveryTests
{
    [Theory]
    [InlineData("childrens-social-care")]
    [InlineData("youth-offending-team")]
    public async Task A_closure_and_what_follows_it_arrive_in_order_signed_after_the_endpoint_fails_and_recovers(string agency)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await ScriptedReceiver.StartAsync();
        var attempts = 0;
        receiver.Behaviour = (_, _) => Task.FromResult(Interlocked.Increment(ref attempts) <= 2 ? 503 : 200);
        await using var host = await DeliveryTestHost.StartAsync(database, receiver.Url, services: s =>
        {
            if (agency == "childrens-social-care")
            {
                s.AddSingleton<IDeliveryFormatter, SocialCareDeliveryFormatter>();
            }
        });
        var caseId = Guid.NewGuid();
        var closed = new AgencyNotification(Guid.CreateVersion7(), agency, NotificationKind.CaseClosed, null, caseId, null, "escalated-to-statutory-services", DateTimeOffset.UtcNow);
        // Social care is handed the case over; the youth offending team hears of a review instead.
        var handover = closed with
        {
            NotificationId = Guid.CreateVersion7(),
            Kind = agency == "childrens-social-care" ? NotificationKind.HandoverReady : NotificationKind.ReviewDue,
        };

        await receiver.StopListeningAsync();
        await host.Queue.EnqueueAsync(closed, CancellationToken.None);
        await host.Queue.EnqueueAsync(handover, CancellationToken.None);
        await Eventually.TrueAsync(async () => (await host.FindAsync(closed.NotificationId))?.Attempts > 0, "a delivery is tried while the endpoint is away");
        await receiver.StartListeningAsync();

        await Eventually.TrueAsync(() => receiver.Accepted.Count == 2, "both notifications were accepted");
        var verifier = DeliveryTestHost.Verifier(DeliveryTestHost.Secret);
        Assert.All(receiver.Arrivals, a => Assert.Equal(WebhookVerification.Valid, verifier.Verify(a.WebhookId, a.Timestamp, a.Signature, a.Body)));
        Assert.Equal([closed.NotificationId.ToString(), handover.NotificationId.ToString()],
            receiver.Arrivals.Where(a => receiver.Accepted.Contains(a.WebhookId!)).Select(a => a.WebhookId!).Distinct()); // in order per case
        var handoverBody = JsonDocument.Parse(receiver.Arrivals.Last(a => a.WebhookId == handover.NotificationId.ToString()).Body).RootElement;
        Assert.Equal(agency == "childrens-social-care" ? $"/handovers/{caseId}" : null,
            handoverBody.TryGetProperty("handover", out var link) ? link.GetString() : null);
        Assert.Equal(JsonValueKind.Undefined, handoverBody.TryGetProperty("summary", out var summary) ? summary.ValueKind : JsonValueKind.Undefined);
    }
}
