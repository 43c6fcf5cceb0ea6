using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.Identity.Tests;

/// <summary>Guessing a person's password is slowed per user name, whichever client or (forged) address it comes through.</summary>
public sealed class SignInThrottleTests
{
    private const int Threshold = 3;
    private static readonly HttpClient Http = new();

    private static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(TestIdentity.Registrations())
        {
            ["SignInThrottle:UserFailures"] = Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SignInThrottle:FirstDelay"] = "00:00:02",
            ["SignInThrottle:MaxDelay"] = "00:01:00",
        };
        foreach (var portal in new[] { "portal-a", "portal-b", "portal-c" })
        {
            settings[$"Identity:Clients:{portal}:Agency"] = "youth-service";
            settings[$"Identity:Clients:{portal}:AllowPasswordGrant"] = "true";
            settings[$"Identity:Clients:{portal}:Scopes:0"] = "interventions";
        }
        foreach (var person in new[] { "pat.panel", "sam.panel" })
        {
            settings[$"Identity:Users:{person}:PasswordHash"] = SecretHasher.Hash("right-" + person, iterations: 1_000);
            settings[$"Identity:Users:{person}:Agency"] = "childrens-social-care";
            settings[$"Identity:Users:{person}:Scopes:0"] = "interventions";
        }
        return settings;
    }

    private static async Task<(HttpStatusCode Status, int? RetryAfter, JsonElement Body)> SignInAsync(Uri authority, string client, string user,
        string password, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(authority, "connect/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = client,
                ["username"] = user,
                ["password"] = password,
            }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await Http.SendAsync(request);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : (int?)null;
        return (response.StatusCode, retryAfter, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Thirty_wrong_passwords_through_many_clients_and_forged_addresses_are_slowed_more_and_more_until_a_success()
    {
        var (app, authority) = await TestIdentity.StartHostAsync(Settings());
        await using var _ = app;
        string[] portals = ["portal-a", "portal-b", "portal-c"];

        var answers = new List<(HttpStatusCode Status, int? RetryAfter, JsonElement Body)>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await SignInAsync(authority, portals[i % 3], "pat.panel", $"guess-{i}", $"203.0.113.{i + 1}"));
        }
        Assert.All(answers.Take(Threshold), a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= 20, $"only {refused.Count} of 30 guesses were refused with 429");
        Assert.All(refused, a =>
        {
            Assert.InRange(a.RetryAfter ?? 0, 1, 60);
            Assert.Equal("temporarily_unavailable", a.Body.GetProperty("error").GetString());
        });
        var checkedGuesses = answers.Count(a => a.Status == HttpStatusCode.BadRequest);
        Assert.InRange(checkedGuesses, Threshold, Threshold + 3); // a few more only if the box stalled for a whole wait

        // Someone else signing in from the same address, through the same clients, is not held up.
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(authority, "portal-a", "sam.panel", "right-sam.panel")).Status);

        // The wait doubles with each further failure: once it is over, one more wrong guess is checked, then a longer wait.
        var before = (await SignInAsync(authority, "portal-b", "pat.panel", "still-wrong")).RetryAfter ?? 0;
        await Eventually.TrueAsync(async () => (await SignInAsync(authority, "portal-b", "pat.panel", "still-wrong")).Status == HttpStatusCode.BadRequest,
            "the wait is over and a guess is checked again");
        var grown = await SignInAsync(authority, "portal-c", "pat.panel", "still-wrong");
        Assert.Equal(HttpStatusCode.TooManyRequests, grown.Status);
        Assert.True(grown.RetryAfter > before, $"the wait did not grow: {before} s, then {grown.RetryAfter} s");

        // Even the right password waits its turn; once it is in, the count starts again from nothing.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(authority, "portal-a", "pat.panel", "right-pat.panel")).Status);
        await Eventually.TrueAsync(async () => (await SignInAsync(authority, "portal-a", "pat.panel", "right-pat.panel")).Status == HttpStatusCode.OK,
            "the right password is accepted after the wait", TimeSpan.FromSeconds(60));
        for (var i = 0; i < Threshold; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(authority, "portal-a", "pat.panel", "wrong-again")).Status);
        }
        var afterReset = await SignInAsync(authority, "portal-a", "pat.panel", "wrong-again");
        Assert.Equal(HttpStatusCode.TooManyRequests, afterReset.Status);
        Assert.InRange(afterReset.RetryAfter ?? 0, 1, 2); // the first wait again
    }

    [Fact]
    public async Task Guessing_client_secrets_is_slowed_per_client_id_and_answered_with_an_oauth_error()
    {
        var settings = Settings();
        settings["SignInThrottle:ClientFailures"] = "2";
        var (app, authority) = await TestIdentity.StartHostAsync(settings);
        await using var _ = app;
        var police = TestIdentity.AgencyClient("police");

        async Task<HttpResponseMessage> ClientCredentialsAsync(string secret) =>
            await Http.PostAsync(new Uri(authority, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = police,
                ["client_secret"] = secret,
            }));

        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientCredentialsAsync("wrong-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientCredentialsAsync("wrong-2")).StatusCode);
        using var limited = await ClientCredentialsAsync(TestIdentity.SecretOf(police));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("no-store", limited.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync(new Uri(authority, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestIdentity.AgencyClient("health"),
            ["client_secret"] = TestIdentity.SecretOf(TestIdentity.AgencyClient("health")),
        }))).StatusCode);
    }
}
