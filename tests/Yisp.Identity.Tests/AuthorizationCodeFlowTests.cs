using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Yisp.Testing;

namespace Yisp.Identity.Tests;

/// <summary>
/// The authorization code flow with PKCE as a browser would drive it, with HttpClient: the authorize request, the sign-in
/// page with its antiforgery token, the credentials posted back, the redirect with the code, and the code exchanged.
/// </summary>
public sealed partial class AuthorizationCodeFlowTests
{
    private const string Client = "dashboard";
    private const string RedirectUri = "http://127.0.0.1:5100/reports/signed-in";
    private const string Password = "correct horse";

    private static Dictionary<string, string?> Settings() => new(TestIdentity.Registrations())
    {
        [$"Identity:Clients:{Client}:Public"] = "true",
        [$"Identity:Clients:{Client}:AllowAuthorizationCode"] = "true",
        [$"Identity:Clients:{Client}:DisplayName"] = "Panel <reports>",
        [$"Identity:Clients:{Client}:RedirectUris:0"] = RedirectUri,
        [$"Identity:Clients:{Client}:Scopes:0"] = "reports",
        [$"Identity:Clients:{Client}:Scopes:1"] = "referrals",
        ["Identity:Users:pat.panel:PasswordHash"] = SecretHasher.Hash(Password, iterations: 1_000),
        ["Identity:Users:pat.panel:Agency"] = "childrens-social-care",
        ["Identity:Users:pat.panel:Roles:0"] = "panel-member",
        ["Identity:Users:pat.panel:Scopes:0"] = "reports",
        ["Identity:Users:pat.panel:Scopes:1"] = "interventions",
    };

    private sealed class Browser : IAsyncDisposable
    {
        private readonly Microsoft.AspNetCore.Builder.WebApplication app;

        private Browser(Microsoft.AspNetCore.Builder.WebApplication app, Uri authority)
        {
            this.app = app;
            Authority = authority;
            Cookies = new CookieContainer();
            Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true });
        }

        public Uri Authority { get; }

        public CookieContainer Cookies { get; }

        public HttpClient Http { get; }

        public static async Task<Browser> StartAsync(Dictionary<string, string?>? settings = null)
        {
            var (app, authority) = await TestIdentity.StartHostAsync(settings ?? Settings());
            return new Browser(app, authority);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await app.DisposeAsync();
        }
    }

    private sealed record Pkce(string Verifier, string Challenge)
    {
        public static Pkce Create()
        {
            var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            return new Pkce(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        }
    }

    private static (string, string)[] AuthorizeQuery(Pkce pkce, string state, string scope = "reports") =>
    [
        ("response_type", "code"), ("client_id", Client), ("redirect_uri", RedirectUri), ("scope", scope), ("state", state),
        ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"),
    ];

    private static Task<HttpResponseMessage> AuthorizeAsync(Browser browser, params (string Key, string Value)[] query) =>
        browser.Http.GetAsync(new Uri(browser.Authority,
            QueryHelpers.AddQueryString("connect/authorize", query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value)))));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    /// <summary>What a browser posts from the page: its hidden fields (antiforgery token included) and what the person typed.</summary>
    private static Task<HttpResponseMessage> PostCredentialsAsync(Browser browser, string html, string userName, string password, bool withAntiforgery = true)
    {
        var fields = HiddenField().Matches(html)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => withAntiforgery || f.Key != "__RequestVerificationToken")
            .Append(new("username", userName))
            .Append(new("password", password));
        return browser.Http.PostAsync(new Uri(browser.Authority, "connect/authorize"), new FormUrlEncodedContent(fields));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(Browser browser, string code, string verifier, string clientId = Client)
    {
        using var response = await browser.Http.PostAsync(new Uri(browser.Authority, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        }));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static Dictionary<string, string> QueryOf(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    /// <summary>Signs pat.panel in through the page and returns the code the client receives.</summary>
    private static async Task<string> SignInForCodeAsync(Browser browser, Pkce pkce, string state = "s-1", string scope = "reports")
    {
        using var page = await AuthorizeAsync(browser, AuthorizeQuery(pkce, state, scope));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var redirect = await PostCredentialsAsync(browser, await page.Content.ReadAsStringAsync(), "pat.panel", Password);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        return QueryOf(redirect.Headers.Location!)["code"];
    }

    [Fact]
    public async Task A_person_signs_in_at_the_page_and_the_dashboard_exchanges_the_code_and_verifier_for_their_token()
    {
        await using var browser = await Browser.StartAsync();
        var pkce = Pkce.Create();

        using var page = await AuthorizeAsync(browser, AuthorizeQuery(pkce, "state-42", "reports referrals"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<form method=\"post\" action=\"authorize\">", html);
        Assert.Contains("name=\"__RequestVerificationToken\"", html);
        Assert.Contains("Panel &lt;reports&gt;", html); // the display name, encoded
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SignInPage.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString());
        using var css = await browser.Http.GetAsync(new Uri(browser.Authority, "connect/signin.css"));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);

        using var redirect = await PostCredentialsAsync(browser, html, "pat.panel", Password);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.Equal(RedirectUri, location.GetLeftPart(UriPartial.Path));
        var answer = QueryOf(location);
        Assert.Equal("state-42", answer["state"]);
        Assert.Equal(browser.Authority.ToString(), answer["iss"]);
        var session = redirect.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SignInEndpoint.SessionCookie + "=", StringComparison.Ordinal));
        Assert.Contains("path=/connect", session);
        Assert.Contains("httponly", session);
        Assert.Contains("samesite=lax", session);
        Assert.DoesNotContain("expires=", session); // a browser-session cookie whose ticket itself expires

        var (status, body) = await RedeemAsync(browser, answer["code"], pkce.Verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal("pat.panel", token.Subject);
        Assert.Equal(Client, token.GetClaim("client_id").Value);
        Assert.Equal("childrens-social-care", token.GetClaim("agency").Value);
        Assert.Equal("panel-member", token.GetClaim("role").Value);
        Assert.Equal("reports", token.GetClaim("scope").Value); // asked for reports and referrals; the person holds only reports of the two
        Assert.Equal(["yisp-api"], token.Audiences);
        Assert.False(body.TryGetProperty("refresh_token", out _));

        // Signed in: the next authorize request gets a code at once, without the page.
        using var again = await AuthorizeAsync(browser, AuthorizeQuery(Pkce.Create(), "state-43"));
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.Equal("state-43", QueryOf(again.Headers.Location!)["state"]);
        Assert.True(QueryOf(again.Headers.Location!).ContainsKey("code"));
    }

    [Fact]
    public async Task Wrong_passwords_at_the_page_make_the_name_wait_and_the_right_one_is_not_checked_meanwhile()
    {
        var settings = Settings();
        settings["SignInThrottle:UserFailures"] = "2";
        settings["SignInThrottle:FirstDelay"] = "00:01:00";
        await using var browser = await Browser.StartAsync(settings);
        using var page = await AuthorizeAsync(browser, AuthorizeQuery(Pkce.Create(), "s"));
        var html = await page.Content.ReadAsStringAsync();

        for (var i = 0; i < 2; i++)
        {
            using var refused = await PostCredentialsAsync(browser, html, "pat.panel", "wrong horse");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        using var waiting = await PostCredentialsAsync(browser, html, "pat.panel", Password);
        Assert.Equal((HttpStatusCode)429, waiting.StatusCode);
        Assert.InRange(waiting.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Null(waiting.Headers.Location); // no code, though the password was right
        Assert.Contains("Too many failed attempts", await waiting.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_user_shows_the_page_again_with_one_message_and_no_code()
    {
        await using var browser = await Browser.StartAsync();
        using var page = await AuthorizeAsync(browser, AuthorizeQuery(Pkce.Create(), "s"));
        var html = await page.Content.ReadAsStringAsync();

        foreach (var (user, password) in new[] { ("pat.panel", "wrong horse"), ("nobody", Password) })
        {
            using var refused = await PostCredentialsAsync(browser, html, user, password);
            var again = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(SignInPage.WrongCredentials), again);
            Assert.Contains($"value=\"{user}\"", again); // the user name is kept, the password is not
            Assert.DoesNotContain(password, again);
            Assert.DoesNotContain(SignInEndpoint.SessionCookie + "=", string.Join(';', refused.Headers.TryGetValues("Set-Cookie", out var c) ? c : []));
        }

        using var forged = await PostCredentialsAsync(browser, html, "pat.panel", Password, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SignInPage.Expired), await forged.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_verifier_is_refused_and_a_code_works_only_once()
    {
        await using var browser = await Browser.StartAsync();
        var pkce = Pkce.Create();
        var code = await SignInForCodeAsync(browser, pkce);

        var (wrongStatus, wrong) = await RedeemAsync(browser, code, Pkce.Create().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());

        var (firstStatus, _) = await RedeemAsync(browser, code, pkce.Verifier);
        Assert.Equal(HttpStatusCode.OK, firstStatus);
        var (secondStatus, second) = await RedeemAsync(browser, code, pkce.Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, secondStatus);
        Assert.Equal("invalid_grant", second.GetProperty("error").GetString());
        Assert.Equal("The authorization code has already been used.", second.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Requests_without_S256_PKCE_or_with_an_unregistered_redirect_uri_are_refused_at_the_identity_service()
    {
        await using var browser = await Browser.StartAsync();
        var pkce = Pkce.Create();
        var valid = AuthorizeQuery(pkce, "s");
        (string, string)[] Without(params string[] names) => [.. valid.Where(p => !names.Contains(p.Item1))];
        (string, string)[] With(string name, string value) => [.. Without(name), (name, value)];

        var cases = new (string Name, (string, string)[] Query, string Error, string Mentions)[]
        {
            ("no PKCE", Without("code_challenge", "code_challenge_method"), "invalid_request", "code_challenge"),
            ("plain", [.. Without("code_challenge", "code_challenge_method"), ("code_challenge", pkce.Verifier), ("code_challenge_method", "plain")],
                "invalid_request", "code_challenge_method"),
            ("no method", Without("code_challenge_method"), "invalid_request", "code_challenge_method"),
            ("unregistered redirect", With("redirect_uri", "http://127.0.0.1:5100/reports/signed-in/evil"), "invalid_request", "redirect_uri"),
            ("other host", With("redirect_uri", "https://attacker.example/reports/signed-in"), "invalid_request", "redirect_uri"),
            ("unknown client", With("client_id", "no-such-client"), "invalid_request", "client_id"),
            ("confidential client", With("client_id", TestIdentity.Coordinator), "unauthorized_client", "authorization code"),
            ("scope not registered", With("scope", "reports audit"), "invalid_scope", "audit"),
        };
        foreach (var (name, query, error, mentions) in cases)
        {
            using var response = await AuthorizeAsync(browser, query);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode} {body}");
            Assert.True(response.Headers.Location is null, $"{name}: redirected to {response.Headers.Location}");
            Assert.Contains($"error:{error}\n", body.ReplaceLineEndings("\n"));
            Assert.Contains(mentions, body);
        }
    }

    [Fact]
    public async Task A_public_client_may_not_use_client_credentials_and_nobody_else_may_redeem_its_codes()
    {
        await using var browser = await Browser.StartAsync();
        foreach (var (secret, error) in new[] { ((string?)null, "invalid_request"), ("a-guess", "unauthorized_client") })
        {
            var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = Client };
            if (secret is not null)
            {
                form["client_secret"] = secret;
            }
            using var credentials = await browser.Http.PostAsync(new Uri(browser.Authority, "connect/token"), new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.BadRequest, credentials.StatusCode);
            Assert.Equal(error, (await credentials.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        var pkce = Pkce.Create();
        var code = await SignInForCodeAsync(browser, pkce);
        var (status, other) = await RedeemAsync(browser, code, pkce.Verifier, clientId: TestIdentity.Coordinator);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", other.GetProperty("error").GetString()); // the code names the client it was issued to
    }

    [Fact]
    public async Task A_person_without_any_scope_asked_for_is_sent_back_with_access_denied()
    {
        var settings = Settings();
        settings["Identity:Users:pat.panel:Scopes:0"] = "interventions";
        await using var browser = await Browser.StartAsync(settings);
        using var page = await AuthorizeAsync(browser, AuthorizeQuery(Pkce.Create(), "s-9"));
        using var redirect = await PostCredentialsAsync(browser, await page.Content.ReadAsStringAsync(), "pat.panel", Password);

        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        var answer = QueryOf(redirect.Headers.Location!);
        Assert.Equal("access_denied", answer["error"]);
        Assert.Equal("s-9", answer["state"]);
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task Code_flow_registrations_that_are_unsafe_stop_the_service_from_starting()
    {
        var settings = new Dictionary<string, string?>(TestIdentity.Registrations())
        {
            ["Identity:Clients:leaky:Public"] = "true",
            ["Identity:Clients:leaky:SecretHash"] = SecretHasher.Hash("x", iterations: 1_000),
            ["Identity:Clients:nowhere:Public"] = "true",
            ["Identity:Clients:nowhere:AllowAuthorizationCode"] = "true",
            ["Identity:Clients:fragment:Public"] = "true",
            ["Identity:Clients:fragment:AllowAuthorizationCode"] = "true",
            ["Identity:Clients:fragment:RedirectUris:0"] = "https://dashboard.example/signed-in#x",
            ["Identity:Users:prac:PasswordHash"] = SecretHasher.Hash("x", iterations: 1_000),
            ["Identity:Users:prac:Agency"] = "education",
            ["Identity:Users:prac:Roles:0"] = "practitioner",
            ["Identity:Users:prac:Scopes:0"] = "reports",
        };
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestIdentity.StartHostAsync(settings));
        Assert.Contains("Identity:Clients:leaky is Public but has a SecretHash", failure.Message);
        Assert.Contains("Identity:Clients:nowhere:RedirectUris is empty", failure.Message);
        Assert.Contains("Identity:Clients:fragment:RedirectUris:0", failure.Message);
        Assert.Contains("Identity:Users:prac:Scopes 'reports' is only for the panel's roles", failure.Message);
    }
}
