using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Consent.Tests;

public sealed class ConsentServiceFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<ConsentServiceMarker>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }
}

/// <summary>One test's consent service: its own database and virtual host, and helpers for its API.</summary>
public sealed class ConsentTestContext : IAsyncDisposable
{
    private ConsentTestContext(TestDatabase database, TestVirtualHost virtualHost, Dictionary<string, string?> settings)
    {
        Database = database;
        VirtualHost = virtualHost;
        Settings = settings;
        Service = new ConsentServiceFactory(settings);
        Client = Service.CreateClient();
    }

    public TestDatabase Database { get; }
    public TestVirtualHost VirtualHost { get; }
    public Dictionary<string, string?> Settings { get; }
    public ConsentServiceFactory Service { get; }
    public HttpClient Client { get; }

    public static async Task<ConsentTestContext> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var database = await TestDatabase.CreateAsync();
        var virtualHost = await TestVirtualHost.CreateAsync();
        var settings = TestSettings.For(database, virtualHost);
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        var context = new ConsentTestContext(database, virtualHost, settings);
        await TestServiceHost.WaitUntilReadyAsync(context.Service.Services); // consumers bound before anything is published
        return context;
    }

    /// <summary>Tells the service a referral awaits consent, as the referral service would, and waits for the request.</summary>
    public async Task<Guid> OpenCaseAsync(params string[] agencies)
    {
        var caseId = Guid.NewGuid();
        await Service.Services.GetRequiredService<IBus>().Publish(
            new ReferralAwaitingConsent(Guid.NewGuid(), caseId, agencies[0], agencies[1..], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await Client.GetAsync($"/api/consent/cases/{caseId}")).IsSuccessStatusCode, "the consent request opens");
        return caseId;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(Guid caseId)
    {
        var response = await Client.GetAsync($"/api/consent/cases/{caseId}");
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<string> ETagAsync(Guid caseId) => (await GetAsync(caseId)).Response.Headers.ETag!.ToString();

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(Guid caseId, string action, object body, string? etag = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/consent/cases/{caseId}/{action}") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Records one party's decisions, with the current ETag.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> DecideAsync(Guid caseId, string party, params object[] items) =>
        await PostAsync(caseId, "decisions", new { party, recordedBy = "Key worker", method = "in-person", items }, await ETagAsync(caseId));

    public static object Grant(string purpose, string? agency = null) => new { purpose, agency, granted = true };

    public static object Refuse(string purpose, string? agency = null) => new { purpose, agency, granted = false };

    public async Task<bool> CheckAsync(Guid caseId, string agency, string purpose) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/consent/check?caseId={caseId}&agency={agency}&purpose={purpose}"))
        .GetProperty("allowed").GetBoolean();

    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
