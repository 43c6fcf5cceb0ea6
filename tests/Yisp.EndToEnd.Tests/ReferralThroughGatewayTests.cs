using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

public sealed class ReferralThroughGatewayTests
{
    private static readonly object Referral = ReferralPayloads.Valid(agency: "youth-offending-team", familyName: "Nakamura-Jones");

    [Fact]
    public async Task A_referral_posted_at_the_gateway_is_stored_and_its_event_reaches_a_consumer_with_the_same_correlation_id()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<ReferralReceived>.StartAsync(virtualHost);
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        using var gateway = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        var correlationId = $"e2e-{Guid.NewGuid():N}";

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/referrals") { Content = JsonContent.Create(Referral) };
        request.Headers.Add("X-Correlation-Id", correlationId);
        var created = await gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(correlationId, created.Headers.GetValues("X-Correlation-Id").Single());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await listener.WaitForCountAsync(1);
        var received = Assert.Single(listener.Messages);
        Assert.Equal(id, received.Message.ReferralId);
        Assert.Equal(correlationId, received.CorrelationId);

        var fetched = await gateway.GetFromJsonAsync<JsonElement>(created.Headers.Location!.OriginalString.TrimStart('/'));
        Assert.Equal("Nakamura-Jones", fetched.GetProperty("child").GetProperty("familyName").GetString());
        await Eventually.TrueAsync(() => platform.Referral.Output.Contains(correlationId, StringComparison.Ordinal),
            "the service logged the request under its correlation id");
        Assert.DoesNotContain("Nakamura", platform.Referral.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_a_correlation_id_gets_one_that_the_response_and_the_event_share()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<ReferralReceived>.StartAsync(virtualHost);
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        using var gateway = await platform.GatewayClientAsync(TestIdentity.Coordinator);

        var created = await gateway.PostAsJsonAsync("api/referrals", Referral);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issued = created.Headers.GetValues("X-Correlation-Id").Single();
        Assert.True(Guid.TryParse(issued, out _));
        await listener.WaitForCountAsync(1);
        Assert.Equal(issued, Assert.Single(listener.Messages).CorrelationId);
    }

    [Fact]
    public async Task The_gateway_answers_its_own_health_and_passes_problems_through()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        using var gateway = await platform.GatewayClientAsync(TestIdentity.Coordinator);

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("health/ready")).StatusCode);
        var invalid = await gateway.PostAsJsonAsync("api/referrals", new { referringAgency = "police" });
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("child", out _));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("api/unknown-service")).StatusCode);
    }
}
