using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

/// <summary>One test's referral service (see <see cref="ServiceTestContext{TMarker}"/>) with helpers for its API.</summary>
public sealed class ReferralTestContext(ServiceTestContext<ReferralServiceMarker> service) : IAsyncDisposable
{
    public TestDatabase Database => service.Database;
    public TestVirtualHost VirtualHost => service.VirtualHost;
    public ServiceFactory<ReferralServiceMarker> Service => service.Service;
    public HttpClient Client => service.Client;
    public IReadOnlyDictionary<string, string?> Settings => service.Settings;

    /// <summary>Another replica of the service on the same database and virtual host, with its settings changed.</summary>
    public ServiceFactory<ReferralServiceMarker> Replica(Action<Dictionary<string, string?>> change)
    {
        var settings = new Dictionary<string, string?>(service.Settings);
        change(settings);
        return new ServiceFactory<ReferralServiceMarker>(settings);
    }

    /// <summary>A client holding the named test client's token (see <see cref="TestIdentity"/>); null: no token.</summary>
    public Task<HttpClient> ClientAsAsync(string? clientId) => service.ClientAsAsync(clientId);

    public static async Task<ReferralTestContext> StartAsync(Dictionary<string, string?>? overrides = null) =>
        new(await ServiceTestContext<ReferralServiceMarker>.StartAsync(overrides));

    public Task<(HttpResponseMessage Response, JsonElement Body)> CreateAsync(object body, string? idempotencyKey = null) =>
        service.PostAsync("/api/referrals", body, idempotencyKey: idempotencyKey);

    public async Task<JsonElement> CreatedAsync(object body)
    {
        var (response, json) = await CreateAsync(body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(Guid id) => service.GetAsync($"/api/referrals/{id}");

    public async Task<JsonElement> ReferralAsync(Guid id) => (await GetAsync(id)).Body;

    /// <summary>POSTs a change with If-Match; <paramref name="etag"/> null sends none.</summary>
    public Task<(HttpResponseMessage Response, JsonElement Body)> ChangeAsync(Guid id, string action, object? body, string? etag) =>
        service.PostAsync($"/api/referrals/{id}/{action}", body, etag);

    public Task<T> ScalarAsync<T>(string sql, object? parameters = null) => service.ScalarAsync<T>(sql, parameters);

    public async Task<IReadOnlyList<string>> OutboxPayloadsAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        return (await connection.QueryAsync<string>("SELECT message_type || ' ' || payload FROM outbox_messages ORDER BY id")).AsList();
    }

    public ValueTask DisposeAsync() => service.DisposeAsync();
}

public static class Json
{
    public static Guid Id(this JsonElement referral) => referral.GetProperty("id").GetGuid();

    public static Guid? CaseId(this JsonElement referral) =>
        referral.GetProperty("caseId").ValueKind == JsonValueKind.Null ? null : referral.GetProperty("caseId").GetGuid();

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static string Outcome(this JsonElement referral) => referral.GetProperty("screening").Str("outcome");

    public static string ETag(this HttpResponseMessage response) => response.Headers.ETag!.ToString();
}
