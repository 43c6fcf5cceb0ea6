using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Interventions;
using Yisp.Testing;

namespace Yisp.Reporting.Tests;

public sealed class ItemTests
{
    [Fact]
    public async Task A_create_is_answered_once_per_idempotency_key_and_read_back_with_its_etag()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var body = new { caseId = Guid.NewGuid(), title = "First meeting", notes = "Line one.\nLine two." };

        var (created, item) = await context.CreateAsync(body, "key-1");
        var (replayed, again) = await context.CreateAsync(body, "key-1");
        var (reused, _) = await context.CreateAsync(body with { title = "Another" }, "key-1");
        var (read, readBody) = await context.GetAsync(item.GetProperty("id").GetGuid());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(item.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal((HttpStatusCode)422, reused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.ToString());
        Assert.Equal("Line one.\nLine two.", readBody.GetProperty("notes").GetString());
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM reporting_items"));
    }

    [Fact]
    public async Task A_bad_request_names_every_bad_field_and_changes_nothing()
    {
        await using var context = await ReportingTestContext.StartAsync();

        var (response, problem) = await context.CreateAsync(new { title = "Name\u0000with a NUL", notes = "bell \u0007" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("caseId", out _));
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("notes", out _));
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM reporting_items"));
    }

    [Fact]
    public async Task A_close_needs_the_current_etag()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var (_, item) = await context.CreateAsync(new { caseId = Guid.NewGuid(), title = "Plan" });
        var id = item.GetProperty("id").GetGuid();

        var (missing, _) = await context.CloseAsync(id, new { reason = "done" }, etag: null);
        var (stale, _) = await context.CloseAsync(id, new { reason = "done" }, "\"7\"");
        var (closed, view) = await context.CloseAsync(id, new { reason = "done" }, await context.ETagAsync(id));
        var (again, _) = await context.CloseAsync(id, new { reason = "done" }, await context.ETagAsync(id));
        var (unknown, _) = await context.CloseAsync(Guid.NewGuid(), new { reason = "done" }, "\"1\"");

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(("closed", 2), (view.GetProperty("status").GetString(), view.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
    }

    [Fact]
    public async Task A_closed_case_closes_its_items_once_even_when_redelivered()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var caseId = Guid.NewGuid();
        var (_, item) = await context.CreateAsync(new { caseId, title = "Plan" });
        var messageId = Guid.NewGuid();
        using var duplicates = new DuplicateWatch();
        var bus = context.Service.Services.GetRequiredService<IBus>();

        await bus.Publish(new CaseClosed(caseId, "goals-met", DateTimeOffset.UtcNow), c => c.MessageId = messageId);
        await bus.Publish(new CaseClosed(caseId, "goals-met", DateTimeOffset.UtcNow), c => c.MessageId = messageId);
        await Handled.ReceiptAsync(context.Database, messageId);
        await duplicates.SkippedAsync<Messaging.CaseClosedConsumer>();

        var (_, view) = await context.GetAsync(item.GetProperty("id").GetGuid());
        Assert.Equal(("closed", 2), (view.GetProperty("status").GetString(), view.GetProperty("version").GetInt32()));
    }
}
