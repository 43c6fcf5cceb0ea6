using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Consent;
using Yisp.Testing;

namespace Yisp.Intervention.Tests;

/// <summary>One test's intervention service (see <see cref="ServiceTestContext{TMarker}"/>) with helpers for its API.</summary>
public sealed class InterventionTestContext(ServiceTestContext<InterventionServiceMarker> service) : IAsyncDisposable
{
    public static readonly string[] AllPurposes = ["assessment", "intervention", "sharing"];

    public TestDatabase Database => service.Database;
    public TestVirtualHost VirtualHost => service.VirtualHost;
    public Dictionary<string, string?> Settings => service.Settings;
    public ServiceFactory<InterventionServiceMarker> Service => service.Service;
    public HttpClient Client => service.Client;

    public static async Task<InterventionTestContext> StartAsync(Dictionary<string, string?>? overrides = null) =>
        new(await ServiceTestContext<InterventionServiceMarker>.StartAsync(overrides));

    /// <summary>A client holding the named test client's token (see <see cref="TestIdentity"/>); null: no token.</summary>
    public Task<HttpClient> ClientAsAsync(string? clientId) => service.ClientAsAsync(clientId);

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path) => service.GetAsync(path);

    public Task<string> ETagAsync(string path) => service.ETagAsync(path);

    public Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, object? body, string? etag = null, string? idempotencyKey = null) =>
        service.PostAsync(path, body, etag, idempotencyKey);

    public Task<T> ScalarAsync<T>(string sql, object? parameters = null) => service.ScalarAsync<T>(sql, parameters);

    /// <summary>A case opened on consent that the panel decided to support, ready for its plan.</summary>
    public async Task<Guid> OpenCaseAsync(params string[] agencies)
    {
        var caseId = Guid.NewGuid();
        await Service.Services.GetRequiredService<IBus>().Publish(new ConsentGranted(caseId, AllPurposes, agencies, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await Client.GetAsync(Path(caseId))).IsSuccessStatusCode, "the case opens on consent");
        var (_, meeting) = await PostAsync("/api/interventions/panels", new { scheduledFor = DateTimeOffset.UtcNow, caseIds = new[] { caseId } });
        var (decided, _) = await PostAsync($"/api/interventions/panels/{meeting.GetProperty("id").GetGuid()}/decisions",
            new { caseId, decision = "support", reasons = "Needs mentoring and school support." });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        return caseId;
    }

    public static string Path(Guid caseId, string rest = "") => $"/api/interventions/cases/{caseId}{rest}";

    public static object Mentoring(string lead = "youth-service") => new
    {
        type = "mentoring",
        leadAgency = lead,
        goals = new[] { "Attends school every day for a month", "Joins a weekly sports club" },
        plannedStart = "2026-12-01",
        plannedEnd = "2027-03-01",
    };

    public static Dictionary<string, int> Ratings(int value) => new[]
    {
        "living-arrangements", "family-and-relationships", "education", "neighbourhood", "lifestyle", "emotional-and-mental-health",
        "physical-health", "perception-of-self-and-others", "thinking-and-behaviour", "attitudes-to-offending", "motivation-to-change",
    }.ToDictionary(d => d, _ => value);

    public ValueTask DisposeAsync() => service.DisposeAsync();
}
