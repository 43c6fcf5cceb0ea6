using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class ReferralApiTests
{
    private static object ValidBody(string givenName = "Siân", string familyName = "O'Brien-Łukasiewicz") => new
    {
        referringAgency = "education",
        childGivenName = givenName,
        childFamilyName = familyName,
        childDateOfBirth = "2014-03-02",
        postcode = "m1 1ae",
        reasons = "Persistent absence and exclusions.",
    };

    [Fact]
    public async Task A_referral_is_stored_returned_exactly_and_announced_with_ids_only()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<ReferralReceived>.StartAsync(virtualHost);
        await using var service = new ReferralServiceFactory(TestSettings.For(database, virtualHost));
        using var client = service.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(ValidBody("李小龍", "Ní Bhriain")) };
        request.Headers.Add("X-Correlation-Id", "referral-test-1");
        var created = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("referral-test-1", created.Headers.GetValues("X-Correlation-Id").Single());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/referrals/{id}", created.Headers.Location!.OriginalString);

        var fetched = await client.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        Assert.Equal("李小龍", fetched.GetProperty("childGivenName").GetString());
        Assert.Equal("Ní Bhriain", fetched.GetProperty("childFamilyName").GetString());
        Assert.Equal("M1 1AE", fetched.GetProperty("postcode").GetString());
        Assert.Equal("2014-03-02", fetched.GetProperty("childDateOfBirth").GetString());
        Assert.Equal("received", fetched.GetProperty("status").GetString());

        await listener.WaitForCountAsync(1);
        var announced = Assert.Single(listener.Messages);
        Assert.Equal(id, announced.Message.ReferralId);
        Assert.Equal("education", announced.Message.ReferringAgency);
        Assert.Equal("referral-test-1", announced.CorrelationId);

        var payload = await ScalarAsync<string>(database, "SELECT payload FROM outbox_messages");
        foreach (var identifying in new[] { "李小龍", "Bhriain", "2014-03-02", "M1 1AE", "absence" })
        {
            Assert.DoesNotContain(identifying, payload, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Names_with_apostrophes_hyphens_accents_and_other_scripts_round_trip_exactly()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var service = new ReferralServiceFactory(TestSettings.For(database, virtualHost));
        using var client = service.CreateClient();

        foreach (var (given, family) in new[] { ("Zoë", "D'Arcy-Smith"), ("Ολυμπία", "Παπαδοπούλου"), ("محمد", "Al-Hassan"), ("Dafydd", "ap Gruffudd 🏴") })
        {
            var created = await client.PostAsJsonAsync("/api/referrals", ValidBody(given, family));
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var fetched = await client.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
            Assert.Equal(given, fetched.GetProperty("childGivenName").GetString());
            Assert.Equal(family, fetched.GetProperty("childFamilyName").GetString());
        }
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests() => new()
    {
        { "application/json", """{"referringAgency":"martians","childGivenName":"","childDateOfBirth":"2099-01-01","postcode":"x"}""", HttpStatusCode.BadRequest, "referringAgency,childGivenName,childFamilyName,childDateOfBirth,postcode,reasons" },
        { "application/json", """{"referringAgency":"police","nickname":"x"}""", HttpStatusCode.BadRequest, "nickname" },
        { "application/json", """{"childDateOfBirth":"02/03/2014"}""", HttpStatusCode.BadRequest, "childDateOfBirth" },
        { "application/json", """{"referringAgency":""", HttpStatusCode.BadRequest, "" },
        { "application/json", "[]", HttpStatusCode.BadRequest, "" },
        { "text/plain", "referral please", HttpStatusCode.UnsupportedMediaType, "" },
        { "application/json", $$"""{"reasons":"{{new string('x', 70_000)}}"}""", HttpStatusCode.RequestEntityTooLarge, "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_problem_naming_the_fields_and_changes_nothing(
        string contentType, string body, HttpStatusCode expectedStatus, string expectedFields)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var service = new ReferralServiceFactory(TestSettings.For(database, virtualHost));
        using var client = service.CreateClient();

        var response = await client.PostAsync("/api/referrals", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(expectedStatus, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expectedStatus, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
        foreach (var field in expectedFields.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} is named in {problem}");
        }
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT COUNT(*) FROM referrals"));
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task An_unknown_referral_is_a_404_problem()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var service = new ReferralServiceFactory(TestSettings.For(database, virtualHost));
        using var client = service.CreateClient();

        var response = await client.GetAsync($"/api/referrals/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_service_publishes_its_OpenAPI_document()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var service = new ReferralServiceFactory(TestSettings.For(database, virtualHost));
        using var client = service.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/referrals", out var create) && create.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/referrals/{id}", out var get) && get.TryGetProperty("get", out _));
    }

    internal static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("No value.");
    }
}
