using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Yisp.EndToEnd.Tests;

public sealed partial class GatewayTests
{
    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    [Fact]
    public async Task A_person_signs_in_through_the_gateway_and_the_dashboard_gets_a_token_naming_the_public_issuer()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = Platform.Gateway.BaseAddress,
        };
        var discovery = await browser.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration");
        Assert.Equal(Platform.PublicUrl + "/connect/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));

        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var page = await browser.GetAsync(QueryHelpers.AddQueryString("connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = PlatformProcesses.Dashboard,
            ["redirect_uri"] = PlatformProcesses.DashboardRedirectUri,
            ["scope"] = "reports",
            ["state"] = "through-the-gateway",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
            page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("connect/signin.css")).StatusCode);

        var form = HiddenField().Matches(html)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", PlatformProcesses.PanelMember))
            .Append(new("password", PlatformProcesses.PanelMemberPassword));
        using var redirect = await browser.PostAsync("connect/authorize", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.StartsWith(PlatformProcesses.DashboardRedirectUri + "?", redirect.Headers.Location!.ToString());
        var answer = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query);
        Assert.Equal("through-the-gateway", answer["state"].ToString());
        Assert.Equal(Platform.PublicUrl + "/", answer["iss"].ToString());

        using var token = await browser.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = PlatformProcesses.Dashboard,
            ["code"] = answer["code"].ToString(),
            ["redirect_uri"] = PlatformProcesses.DashboardRedirectUri,
            ["code_verifier"] = verifier,
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var jwt = new JsonWebToken((await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        Assert.Equal(Platform.PublicUrl + "/", jwt.Issuer);
        Assert.Equal(PlatformProcesses.PanelMember, jwt.Subject);
        Assert.Equal("panel-member", jwt.GetClaim("role").Value);
        Assert.Equal("reports", jwt.GetClaim("scope").Value);
    }
}
