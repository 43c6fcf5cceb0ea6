using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class ReferralApiTests
{
    [Fact]
    public async Task A_referral_is_stored_sealed_returned_exactly_and_announced_with_ids_only()
    {
        await using var context = await ReferralTestContext.StartAsync();
        await using var received = await BusListener<ReferralReceived>.StartAsync(context.VirtualHost);
        await using var screened = await BusListener<ReferralScreened>.StartAsync(context.VirtualHost);
        var body = ReferralPayloads.Valid(givenName: "李小龍", familyName: "Ní Bhriain-O'Dowd", nhsNumber: "943 476 5919", upn: "h801200001001");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Correlation-Id", "referral-test-1");
        var created = await context.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("referral-test-1", created.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal("\"1\"", created.ETag());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
        Assert.Equal($"/api/referrals/{id}", created.Headers.Location!.OriginalString);

        var (response, fetched) = await context.GetAsync(id);
        Assert.Equal("\"1\"", response.ETag());
        var child = fetched.GetProperty("child");
        Assert.Equal("李小龍", child.Str("givenName"));
        Assert.Equal("Ní Bhriain-O'Dowd", child.Str("familyName"));
        Assert.Equal("9434765919", child.Str("nhsNumber"));
        Assert.Equal("H801200001001", child.Str("upn"));
        Assert.Equal("M1 1AE", child.GetProperty("address").Str("postcode"));
        Assert.Equal("2014-05-01", child.Str("dateOfBirth"));
        Assert.Equal("Jo O'Neill", fetched.GetProperty("parentsCarers")[0].Str("name"));
        Assert.Equal("closed", fetched.Str("status")); // 2 risk factors and one agency: not eligible
        Assert.Equal("ineligible", fetched.Outcome());
        Assert.Equal("new-case", fetched.GetProperty("match").Str("state"));

        await received.WaitForCountAsync(1);
        await screened.WaitForCountAsync(1);
        Assert.Equal("referral-test-1", Assert.Single(received.Messages).CorrelationId);
        Assert.Equal(fetched.CaseId(), Assert.Single(screened.Messages).Message.CaseId);

        var sealedIdentity = await context.ScalarAsync<string>("SELECT sealed_identity FROM referrals WHERE id = @id", new { id });
        var everythingStored = string.Join("\n", await context.OutboxPayloadsAsync()) + sealedIdentity
            + await context.ScalarAsync<string>("SELECT string_agg(key_hash, ',') FROM case_match_keys");
        foreach (var identifying in new[] { "李小龍", "Bhriain", "2014-05-01", "M1 1AE", "9434765919", "H801200001001", "Neill", "thefts" })
        {
            Assert.DoesNotContain(identifying, everythingStored, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests() => new()
    {
        { "application/json", """{"referringAgency":"martians","child":{"givenName":"","dateOfBirth":"2099-01-01","address":{"postcode":"x"},"nhsNumber":"1234567890"}}""",
            HttpStatusCode.BadRequest, "referringAgency,child.givenName,child.familyName,child.dateOfBirth,child.address.line1,child.address.postcode,child.nhsNumber,reasons" },
        { "application/json", """{"referringAgency":"police","nickname":"x"}""", HttpStatusCode.BadRequest, "nickname" },
        { "application/json", """{"child":{"givenName":"Sam\u0000","familyName":"Lee\u202E","address":{"line1":"1 Example St\u0007"}},"reasons":"Line one.\nLine two \u0000"}""",
            HttpStatusCode.BadRequest, "child.givenName,child.familyName,child.address.line1,reasons" },
        { "application/json", """{"child":{"givenName":"Sam","shoeSize":3}}""", HttpStatusCode.BadRequest, "child.shoeSize" },
        { "application/json", """{"child":{"dateOfBirth":"02/03/2014"}}""", HttpStatusCode.BadRequest, "child.dateOfBirth" },
        { "application/json", """{"referringAgency":"police","referringAgency":"health"}""", HttpStatusCode.BadRequest, "referringAgency" },
        { "application/json", """{"child":{"givenName":"Sam","givenName":"Samuel"}}""", HttpStatusCode.BadRequest, "child.givenName" },
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
        await using var context = await ReferralTestContext.StartAsync();

        var response = await context.Client.PostAsync("/api/referrals", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(expectedStatus, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expectedStatus, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
        foreach (var field in expectedFields.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} is named in {problem}");
        }
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages"));
    }

    [Theory]
    [InlineData("application/json; charset=utf-16", "utf-16")]
    [InlineData("application/json; charset=iso-8859-1", "utf-8")]
    [InlineData("application/json; charset=utf-7", "utf-8")]
    public async Task A_body_declared_in_another_charset_than_utf8_is_refused(string contentType, string encoding)
    {
        await using var context = await ReferralTestContext.StartAsync();
        var bytes = Encoding.GetEncoding(encoding).GetBytes(JsonSerializer.Serialize(ReferralPayloads.Valid(), JsonSerializerOptions.Web));
        using var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await context.Client.PostAsync("/api/referrals", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    public async Task A_body_in_utf8_is_read_with_or_without_a_charset(string contentType)
    {
        await using var context = await ReferralTestContext.StartAsync();
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(ReferralPayloads.Valid(), JsonSerializerOptions.Web));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        Assert.Equal(HttpStatusCode.Created, (await context.Client.PostAsync("/api/referrals", content)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_referral_is_a_404_problem()
    {
        await using var context = await ReferralTestContext.StartAsync();

        var (response, _) = await context.GetAsync(Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Coordinators_search_by_status_agency_and_date_in_pages_of_at_most_100()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 5; i++)
        {
            await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", givenName: $"Child{i}"));
        }
        await context.CreatedAsync(ReferralPayloads.Valid(agency: "health", givenName: "Other",
            riskFactors: ["family-conflict", "exclusion", "substance-misuse", "domestic-abuse"]));

        var page1 = await context.Client.GetFromJsonAsync<JsonElement>("/api/referrals?agency=police&pageSize=2&page=1");
        var page3 = await context.Client.GetFromJsonAsync<JsonElement>("/api/referrals?agency=police&pageSize=2&page=3");
        var waiting = await context.Client.GetFromJsonAsync<JsonElement>("/api/referrals?status=awaiting-consent");
        var since = await context.Client.GetFromJsonAsync<JsonElement>($"/api/referrals?receivedFrom={Uri.EscapeDataString(start.ToString("O"))}");
        var future = await context.Client.GetFromJsonAsync<JsonElement>("/api/referrals?receivedFrom=2099-01-01");
        var tooBig = await context.Client.GetAsync("/api/referrals?pageSize=101&status=lost");

        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        Assert.True(page1.GetProperty("hasMore").GetBoolean());
        Assert.Equal(1, page3.GetProperty("items").GetArrayLength());
        Assert.False(page3.GetProperty("hasMore").GetBoolean());
        Assert.Equal("health", Assert.Single(waiting.GetProperty("items").EnumerateArray()).Str("referringAgency"));
        Assert.Equal(6, since.GetProperty("items").GetArrayLength());
        Assert.Equal(0, future.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        var errors = (await tooBig.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("pageSize", out _) && errors.TryGetProperty("status", out _));
        Assert.DoesNotContain("Child", page1.ToString(), StringComparison.Ordinal); // search results identify no one
    }

    [Fact]
    public async Task The_service_publishes_its_OpenAPI_document_and_risk_factor_catalogue()
    {
        await using var context = await ReferralTestContext.StartAsync();

        var document = await context.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var catalogue = await context.Client.GetFromJsonAsync<JsonElement>("/api/referrals/risk-factors");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/referrals", "/api/referrals/{id}", "/api/referrals/{id}/withdraw", "/api/referrals/{id}/match-decision" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
        Assert.Contains(catalogue.EnumerateArray(), f => f.Str("code") == "persistent-absence" && f.Str("group") == "school");
    }
}
