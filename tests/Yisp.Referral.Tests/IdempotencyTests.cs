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

    /// <summary>A replica that dies mid-create commits nothing, its key included: a retry does the work at once.</summary>
    [Fact]
    public async Task A_create_that_failed_before_committing_leaves_its_key_free_for_a_retry()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(11));
        // The intake fails at its insert: a request that never got to commit.
        await context.ScalarAsync<int>("ALTER TABLE referrals ADD CONSTRAINT refuse_all CHECK (false) NOT VALID; SELECT 1");
        var (failed, _) = await context.CreateAsync(body, "died-mid-create");
        var keysLeft = await context.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_records");
        await context.ScalarAsync<int>("ALTER TABLE referrals DROP CONSTRAINT refuse_all; SELECT 1");

        var (retried, referral) = await context.CreateAsync(body, "died-mid-create");
        var (replayed, again) = await context.CreateAsync(body, "died-mid-create");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0L, keysLeft);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(referral.Id(), again.Id());
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
    }

    /// <summary>A retry runs the create again until its commit; when it fails on the way, the first attempt's answer still stands.</summary>
    [Fact]
    public async Task A_retry_that_fails_before_its_commit_gets_the_first_answer()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(14));
        var (created, referral) = await context.CreateAsync(body, "retried-into-a-failure");
        await context.ScalarAsync<int>("ALTER TABLE referrals ADD CONSTRAINT refuse_all CHECK (false) NOT VALID; SELECT 1");

        var (retried, again) = await context.CreateAsync(body, "retried-into-a-failure");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(referral.Id(), again.Id());
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
    }

    /// <summary>Two requests with one key both run; the one that commits second waits for the first, then changes nothing.</summary>
    [Fact]
    public async Task Of_two_requests_racing_with_one_key_only_the_first_to_commit_takes_effect()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var body = ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(13));
        await using var blocker = new NpgsqlConnection(context.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var holding = await blocker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE referrals IN ACCESS EXCLUSIVE MODE", blocker, holding).ExecuteNonQueryAsync();

        var racing = new[] { context.CreateAsync(body, "racing-key"), context.CreateAsync(body, "racing-key") };
        await Eventually.TrueAsync(async () => await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 2,
            "both requests wait at the locked table, past the key check");
        await holding.CommitAsync();
        var results = await Task.WhenAll(racing);

        var first = Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.Created && !r.Response.Headers.Contains("Idempotent-Replayed"));
        var second = Assert.Single(results, r => r.Response != first.Response);
        Assert.True(second.Response.StatusCode == HttpStatusCode.Conflict || second.Body.Id() == first.Body.Id(), second.Body.ToString());
        Assert.Equal(first.Body.Id(), await context.ScalarAsync<Guid>("SELECT id FROM referrals"));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%ReferralReceived'"));
    }

    /// <summary>The key, its answer and the referral commit in one transaction: no moment where the referral exists and its key does not, or has no answer.</summary>
    [Fact]
    public async Task The_key_and_its_answer_commit_in_the_transaction_that_makes_the_referral()
    {
        await using var context = await ReferralTestContext.StartAsync();
        await context.ScalarAsync<int>("""
            CREATE TABLE written_in (table_name text, tx bigint, answered boolean);
            CREATE FUNCTION note_transaction() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
              INSERT INTO written_in VALUES (TG_TABLE_NAME, txid_current(),
                to_jsonb(NEW) ->> 'status_code' IS NOT NULL);
              RETURN NEW; END $$;
            CREATE TRIGGER note_key AFTER INSERT OR UPDATE ON idempotency_records FOR EACH ROW EXECUTE FUNCTION note_transaction();
            CREATE TRIGGER note_referral AFTER INSERT ON referrals FOR EACH ROW EXECUTE FUNCTION note_transaction();
            SELECT 1
            """);

        var (created, _) = await context.CreateAsync(ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(15)), "one-transaction");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM written_in WHERE table_name = 'idempotency_records'"));
        Assert.True(await context.ScalarAsync<bool>("SELECT answered FROM written_in WHERE table_name = 'idempotency_records'"));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(DISTINCT tx) FROM written_in"));
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
