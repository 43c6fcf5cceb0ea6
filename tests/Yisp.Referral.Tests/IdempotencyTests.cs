using System.Net;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class IdempotencyTests
{
    [Fact]
    public async Task The_same_key_and_body_return_the_first_result_and_the_same_key_with_another_body_is_refused()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid();

        var (first, firstBody) = await context.CreateAsync(body, "agency-42-ref-0001");
        var (again, againBody) = await context.CreateAsync(body, "agency-42-ref-0001");
        var (different, problem) = await context.CreateAsync(ReferralPayloads.Valid(givenName: "Someone Else"), "agency-42-ref-0001");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody.Id(), againBody.Id());
        Assert.Equal((HttpStatusCode)422, different.StatusCode);
        Assert.Contains("Idempotency-Key", problem.Str("title"), StringComparison.Ordinal);
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%ReferralReceived'"));
    }

    [Fact]
    public async Task Concurrent_submissions_with_one_key_create_one_referral()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(7));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => context.CreateAsync(body, "burst-key")));
        var (settled, settledBody) = await context.CreateAsync(body, "burst-key");

        // A retry while the first still runs hears 409 "still in progress"; every answer after it is the first one replayed.
        Assert.All(results, r => Assert.True(r.Response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.Body.ToString()));
        var created = results.Where(r => r.Response.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(r => r.Body.Id()).Append(settledBody.Id()).Distinct());
        Assert.Equal(HttpStatusCode.Created, settled.StatusCode);
        Assert.Equal("true", settled.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
    }

    [Fact]
    public async Task An_unreadable_key_is_a_problem_naming_the_header()
    {
        await using var context = await ReferralTestContext.StartAsync();

        var (response, problem) = await context.CreateAsync(ReferralPayloads.Valid(), new string('k', 201));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }
}
