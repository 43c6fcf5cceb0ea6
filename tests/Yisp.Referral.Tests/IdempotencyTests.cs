using System.Net;
using Npgsql;
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

    /// <summary>A replica that dies mid-create leaves the key claimed: once the claim is clearly abandoned, a retry does the work.</summary>
    [Fact]
    public async Task A_retry_takes_over_the_key_of_a_request_that_died_before_committing()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(11));
        // The intake fails at its insert, after claiming the key: a request that never got to commit.
        await context.ScalarAsync<int>("ALTER TABLE referrals ADD CONSTRAINT refuse_all CHECK (false) NOT VALID; SELECT 1");
        var (failed, _) = await context.CreateAsync(body, "died-mid-create");
        await context.ScalarAsync<int>("ALTER TABLE referrals DROP CONSTRAINT refuse_all; SELECT 1");
        var (tooSoon, soonProblem) = await context.CreateAsync(body, "died-mid-create");
        await context.ScalarAsync<int>("UPDATE idempotency_records SET created_at = created_at - INTERVAL '1 minute'; SELECT 1");

        var (retried, referral) = await context.CreateAsync(body, "died-mid-create");
        var (replayed, again) = await context.CreateAsync(body, "died-mid-create");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, tooSoon.StatusCode);
        Assert.Equal("Still in progress.", soonProblem.Str("title"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal(referral.Id(), again.Id());
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
        Assert.True(await context.ScalarAsync<bool>("SELECT committed FROM idempotency_records"), "the create's transaction seals its claim");
    }

    /// <summary>A first request still running when a retry takes its claim over cannot commit: the work is done once, by the retry.</summary>
    [Fact]
    public async Task A_first_request_whose_claim_a_retry_took_over_commits_nothing()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(13));
        await using var blocker = new NpgsqlConnection(context.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var holding = await blocker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE referrals IN ACCESS EXCLUSIVE MODE", blocker, holding).ExecuteNonQueryAsync();

        var slow = context.CreateAsync(body, "slow-first");
        await Eventually.TrueAsync(async () => await context.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_records") == 1, "the first request claims the key");
        var firstToken = await context.ScalarAsync<Guid>("UPDATE idempotency_records SET created_at = created_at - INTERVAL '1 minute' RETURNING claim_token");
        var retry = context.CreateAsync(body, "slow-first");
        await Eventually.TrueAsync(async () => await context.ScalarAsync<Guid>("SELECT claim_token FROM idempotency_records") != firstToken,
            "the retry takes the claim over");
        await holding.CommitAsync();
        var (first, firstProblem) = await slow;
        var (second, referral) = await retry;

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal("Taken over by a retry.", firstProblem.Str("title"));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(referral.Id(), await context.ScalarAsync<Guid>("SELECT id FROM referrals"));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%ReferralReceived'"));
    }

    /// <summary>A create that committed but whose answer was never kept is not run again: the retry is told to look it up.</summary>
    [Fact]
    public async Task A_retry_of_a_create_that_committed_but_lost_its_answer_is_told_so_and_changes_nothing()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(12));
        var (created, _) = await context.CreateAsync(body, "answer-lost");
        await context.ScalarAsync<int>(
            "UPDATE idempotency_records SET status_code = NULL, body = NULL, created_at = created_at - INTERVAL '1 minute'; SELECT 1");

        var (retried, problem) = await context.CreateAsync(body, "answer-lost");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Equal("Done, answer lost.", problem.Str("title"));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
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
