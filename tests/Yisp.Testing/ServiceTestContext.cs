using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Yisp.Testing;

/// <summary>A service in-process (real Kestrel pipeline, real database and broker) on a test's own database and virtual host.</summary>
public sealed class ServiceFactory<TMarker>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TMarker>
    where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(TestSettings.InProcessHost).AddInMemoryCollection(settings));
    }
}

/// <summary>One test's service, ready (consumers bound) before the test publishes anything, with helpers for its HTTP API.</summary>
public sealed class ServiceTestContext<TMarker> : IAsyncDisposable where TMarker : class
{
    private ServiceTestContext(TestDatabase database, TestVirtualHost virtualHost, Dictionary<string, string?> settings)
    {
        Database = database;
        VirtualHost = virtualHost;
        Settings = settings;
        Service = new ServiceFactory<TMarker>(settings);
        Client = Service.CreateClient();
    }

    public TestDatabase Database { get; }
    public TestVirtualHost VirtualHost { get; }
    public Dictionary<string, string?> Settings { get; }
    public ServiceFactory<TMarker> Service { get; }
    public HttpClient Client { get; }

    public static async Task<ServiceTestContext<TMarker>> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var database = await TestDatabase.CreateAsync();
        var virtualHost = await TestVirtualHost.CreateAsync();
        var settings = TestSettings.For(database, virtualHost);
        foreach (var (key, value) in await TestIdentity.SettingsAsync())
        {
            settings[key] = value;
        }
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        var context = new ServiceTestContext<TMarker>(database, virtualHost, settings);
        await TestIdentity.AuthorizeAsync(context.Client, TestIdentity.Coordinator);
        await TestServiceHost.WaitUntilReadyAsync(context.Service.Services);
        return context;
    }

    /// <summary>A client calling with the given test client's token (see <see cref="TestIdentity"/>); null token: anonymous.</summary>
    public async Task<HttpClient> ClientAsAsync(string? clientId)
    {
        var client = Service.CreateClient();
        if (clientId is not null)
        {
            await TestIdentity.AuthorizeAsync(client, clientId);
        }
        return client;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<string> ETagAsync(string path) => (await Client.GetAsync(path)).Headers.ETag!.ToString();

    /// <summary>POSTs JSON; <paramref name="etag"/> goes in If-Match and <paramref name="idempotencyKey"/> in Idempotency-Key when given.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, object? body, string? etag = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
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

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("No value.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
