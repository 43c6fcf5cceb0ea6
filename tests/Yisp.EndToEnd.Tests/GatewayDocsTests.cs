using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Contracts;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>The API reference as an agency developer reads it at the gateway, and the 403s it promises.</summary>
public sealed partial class GatewayTests
{
    private static readonly string[] Documents = ["referral", "consent", "intervention", "identity"];

    [Fact]
    public async Task Every_document_names_the_gateway_and_describes_every_operation_and_its_conventions()
    {
        using var anonymous = new HttpClient { BaseAddress = Platform.Gateway.BaseAddress };
        var ifMatchOperations = 0;
        var creates = 0;
        foreach (var name in Documents)
        {
            var document = await anonymous.GetFromJsonAsync<JsonElement>($"openapi/{name}.json");
            Assert.Equal(Platform.PublicUrl, document.GetProperty("servers")[0].GetProperty("url").GetString());
            Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("description").GetString()));
            foreach (var (path, method, operation) in Operations(document))
            {
                var where = $"{name}: {method.ToUpperInvariant()} {path}";
                Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 0, where + " has no summary");
                var responses = operation.GetProperty("responses");
                var headers = operation.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()).ToList()
                    : [];
                if (operation.TryGetProperty("security", out _))
                {
                    Assert.True(responses.TryGetProperty("401", out _), where + " does not list 401");
                    Assert.True(responses.TryGetProperty("403", out _), where + " does not list 403");
                }
                if (method == "post" && responses.TryGetProperty("201", out _))
                {
                    creates++;
                    Assert.True(headers.Contains("Idempotency-Key"), where + " creates without declaring Idempotency-Key");
                    Assert.True(responses.TryGetProperty("422", out _), where + " does not list 422");
                }
                if (headers.Contains("If-Match"))
                {
                    ifMatchOperations++;
                    Assert.True(responses.TryGetProperty("412", out _), where + " does not list 412");
                    Assert.True(responses.TryGetProperty("428", out _), where + " does not list 428");
                }
            }
            if (name != "identity")
            {
                var schemes = document.GetProperty("components").GetProperty("securitySchemes");
                Assert.Equal(Platform.PublicUrl + "/connect/token",
                    schemes.GetProperty("OAuth2").GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
                var agencies = document.GetProperty("components").GetProperty("schemas").GetProperty("AgencyCode").GetProperty("enum")
                    .EnumerateArray().Select(a => a.GetString()).ToHashSet();
                Assert.Equal(8, agencies.Count);
                Assert.True(agencies.SetEquals(Agency.All));
            }
        }
        Assert.True(ifMatchOperations >= 10, $"only {ifMatchOperations} operations take If-Match");
        Assert.True(creates >= 6, $"only {creates} creates found");

        var referrals = await anonymous.GetFromJsonAsync<JsonElement>("openapi/referral.json");
        var example = referrals.GetProperty("paths").GetProperty("/api/referrals").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("police", example.GetProperty("referringAgency").GetString());
        Assert.Equal(JsonValueKind.Object, example.GetProperty("child").ValueKind);
        Assert.True(Leaves(example).Count(v => v.ValueKind != JsonValueKind.Null) > 10, "the referral example is (nearly) all nulls");
        var submission = referrals.GetProperty("components").GetProperty("schemas").GetProperty("ReferralSubmission");
        var required = submission.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("referringAgency", required);
        Assert.DoesNotContain("urgency", required);
        Assert.DoesNotContain("agenciesInvolved", required);

        var token = await anonymous.GetFromJsonAsync<JsonElement>("openapi/identity.json");
        Assert.True(token.GetProperty("paths").TryGetProperty("/connect/token", out _));
        var discovery = await anonymous.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration");
        Assert.Equal(Platform.PublicUrl + "/", discovery.GetProperty("issuer").GetString());
        Assert.Equal(Platform.PublicUrl + "/connect/token", discovery.GetProperty("token_endpoint").GetString());

        var docs = await anonymous.GetStringAsync("docs");
        Assert.Contains(Platform.PublicUrl + "/connect/token", docs);
        Assert.Contains("identity", docs);
    }

    [Fact]
    public async Task A_403_from_a_missing_scope_or_role_names_the_rule_and_what_the_token_has()
    {
        using var auditor = await Platform.GatewayClientAsync(TestIdentity.Auditor);
        var noScope = await auditor.GetAsync("api/referrals/risk-factors");
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Equal("application/problem+json", noScope.Content.Headers.ContentType!.MediaType);
        var detail = (await noScope.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("needs the `referrals` scope", detail);
        Assert.Contains("your token has: audit", detail);

        using var police = await Platform.GatewayClientAsync(TestIdentity.AgencyClient("police"));
        var noRole = await police.GetAsync("api/referrals?status=received");
        Assert.Equal(HttpStatusCode.Forbidden, noRole.StatusCode);
        var roleDetail = (await noRole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("one of the roles coordinator, panel-member", roleDetail);

        // The service explains its own refusals the same way when reached past the gateway (e.g. from inside the cluster).
        using var direct = new HttpClient { BaseAddress = Platform.Referral.BaseAddress };
        direct.DefaultRequestHeaders.Authorization = auditor.DefaultRequestHeaders.Authorization;
        var directRefusal = await direct.GetAsync("api/referrals/risk-factors");
        Assert.Equal(HttpStatusCode.Forbidden, directRefusal.StatusCode);
        Assert.Contains("`referrals` scope", (await directRefusal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(m => (path.Name, m.Name, m.Value)));

    private static IEnumerable<JsonElement> Leaves(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().SelectMany(p => Leaves(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Leaves),
        _ => [value],
    };
}
