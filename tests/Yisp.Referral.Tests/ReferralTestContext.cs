using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

/// <summary>One test's referral service: its own database and virtual host, and a client for its API.</summary>
public sealed class ReferralTestContext : IAsyncDisposable
{
    private ReferralTestContext(TestDatabase database, TestVirtualHost virtualHost, ReferralServiceFactory service)
    {
        Database = database;
        VirtualHost = virtualHost;
        Service = service;
        Client = service.CreateClient();
    }

    public TestDatabase Database { get; }
    public TestVirtualHost VirtualHost { get; }
    public ReferralServiceFactory Service { get; }
    public HttpClient Client { get; }

    public static async Task<ReferralTestContext> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var database = await TestDatabase.CreateAsync();
        var virtualHost = await TestVirtualHost.CreateAsync();
        var settings = TestSettings.For(database, virtualHost);
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        return new ReferralTestContext(database, virtualHost, new ReferralServiceFactory(settings));
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> CreateAsync(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<JsonElement> CreatedAsync(object body)
    {
        var (response, json) = await CreateAsync(body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(Guid id)
    {
        var response = await Client.GetAsync($"/api/referrals/{id}");
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<JsonElement> ReferralAsync(Guid id) => (await GetAsync(id)).Body;

    /// <summary>POSTs a change with If-Match; <paramref name="etag"/> null sends none.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> ChangeAsync(Guid id, string action, object? body, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{id}/{action}")
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("No value.");
    }

    public async Task<IReadOnlyList<string>> OutboxPayloadsAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        return (await connection.QueryAsync<string>("SELECT message_type || ' ' || payload FROM outbox_messages ORDER BY id")).AsList();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
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
