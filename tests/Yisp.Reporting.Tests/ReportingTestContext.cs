using System.Text.Json;
using Yisp.Testing;

namespace Yisp.Reporting.Tests;

/// <summary>One test's service (see <see cref="ServiceTestContext{TMarker}"/>) with helpers for its API.</summary>
public sealed class ReportingTestContext(ServiceTestContext<ReportingServiceMarker> service) : IAsyncDisposable
{
    public TestDatabase Database => service.Database;
    public TestVirtualHost VirtualHost => service.VirtualHost;
    public ServiceFactory<ReportingServiceMarker> Service => service.Service;
    public HttpClient Client => service.Client;

    public static async Task<ReportingTestContext> StartAsync(Dictionary<string, string?>? overrides = null) =>
        new(await ServiceTestContext<ReportingServiceMarker>.StartAsync(overrides));

    public Task<HttpClient> ClientAsAsync(string? clientId) => service.ClientAsAsync(clientId);

    public static string Path(Guid id, string rest = "") => $"/api/reporting/items/{id}{rest}";

    public Task<(HttpResponseMessage Response, JsonElement Body)> CreateAsync(object body, string? idempotencyKey = null) =>
        service.PostAsync("/api/reporting/items", body, idempotencyKey: idempotencyKey);

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(Guid id) => service.GetAsync(Path(id));

    public Task<string> ETagAsync(Guid id) => service.ETagAsync(Path(id));

    public Task<(HttpResponseMessage Response, JsonElement Body)> CloseAsync(Guid id, object body, string? etag) =>
        service.PostAsync(Path(id, "/close"), body, etag);

    public Task<T> ScalarAsync<T>(string sql, object? parameters = null) => service.ScalarAsync<T>(sql, parameters);

    public ValueTask DisposeAsync() => service.DisposeAsync();
}
