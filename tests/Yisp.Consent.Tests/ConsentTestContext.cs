using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Consent.Tests;

/// <summary>One test's consent service (see <see cref="ServiceTestContext{TMarker}"/>) with helpers for its API.</summary>
public sealed class ConsentTestContext(ServiceTestContext<ConsentServiceMarker> service) : IAsyncDisposable
{
    public TestDatabase Database => service.Database;
    public TestVirtualHost VirtualHost => service.VirtualHost;
    public Dictionary<string, string?> Settings => service.Settings;
    public ServiceFactory<ConsentServiceMarker> Service => service.Service;
    public HttpClient Client => service.Client;

    public Task<HttpClient> ClientAsAsync(string? clientId) => service.ClientAsAsync(clientId);

    public static async Task<ConsentTestContext> StartAsync(Dictionary<string, string?>? overrides = null) =>
        new(await ServiceTestContext<ConsentServiceMarker>.StartAsync(overrides));

    /// <summary>Tells the service a referral awaits consent, as the referral service would, and waits for the request.</summary>
    public async Task<Guid> OpenCaseAsync(params string[] agencies)
    {
        var caseId = Guid.NewGuid();
        await Service.Services.GetRequiredService<IBus>().Publish(
            new ReferralAwaitingConsent(Guid.NewGuid(), caseId, agencies[0], agencies[1..], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await Client.GetAsync(Path(caseId))).IsSuccessStatusCode, "the consent request opens");
        return caseId;
    }

    private static string Path(Guid caseId) => $"/api/consent/cases/{caseId}";

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(Guid caseId) => service.GetAsync(Path(caseId));

    public Task<string> ETagAsync(Guid caseId) => service.ETagAsync(Path(caseId));

    public Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(Guid caseId, string action, object body, string? etag = null, string? idempotencyKey = null) =>
        service.PostAsync($"{Path(caseId)}/{action}", body, etag, idempotencyKey);

    /// <summary>Records one party's decisions, with the current ETag.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> DecideAsync(Guid caseId, string party, params object[] items) =>
        await PostAsync(caseId, "decisions", new { party, recordedBy = "Key worker", method = "in-person", items }, await ETagAsync(caseId));

    public static object Grant(string purpose, string? agency = null) => new { purpose, agency, granted = true };

    public static object Refuse(string purpose, string? agency = null) => new { purpose, agency, granted = false };

    public async Task<bool> CheckAsync(Guid caseId, string agency, string purpose) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/consent/check?caseId={caseId}&agency={agency}&purpose={purpose}"))
        .GetProperty("allowed").GetBoolean();

    public Task<long> CountAsync(string sql, object? parameters = null) => service.ScalarAsync<long>(sql, parameters);

    public ValueTask DisposeAsync() => service.DisposeAsync();
}
