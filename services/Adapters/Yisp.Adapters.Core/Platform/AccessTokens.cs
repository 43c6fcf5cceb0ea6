using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Yisp.Adapters.Platform;

/// <summary>The adapter's access token (OAuth 2.0 client credentials), kept until shortly before it expires, fetched by one caller at a time.</summary>
public sealed class AccessTokens(IHttpClientFactory clients, IOptions<PlatformOptions> options, TimeProvider time)
{
    public const string TokenClient = "platform-token";

    private readonly SemaphoreSlim renewing = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? current;

    public async Task<string> GetAsync(CancellationToken cancellationToken, bool renew = false)
    {
        if (!renew && current is { } held && time.GetUtcNow() < held.RenewAt)
        {
            return held.Token;
        }
        await renewing.WaitAsync(cancellationToken);
        try
        {
            if (!renew && current is { } again && time.GetUtcNow() < again.RenewAt)
            {
                return again.Token;
            }
            var settings = options.Value;
            using var response = await clients.CreateClient(TokenClient).PostAsync(new Uri(settings.GatewayUrl, "connect/token"), new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = settings.ClientId,
                    ["client_secret"] = settings.ClientSecret,
                    ["scope"] = settings.Scope,
                }), cancellationToken);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new InvalidOperationException("The token endpoint answered without a token.");
            current = (token.AccessToken, time.GetUtcNow().AddSeconds(token.ExpiresIn) - settings.RenewBefore);
            return token.AccessToken;
        }
        finally
        {
            renewing.Release();
        }
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>Puts the adapter's token on each call to the platform; a 401 renews it once and tries again.</summary>
public sealed class AccessTokenHandler(AccessTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new("Bearer", await tokens.GetAsync(cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        request.Headers.Authorization = new("Bearer", await tokens.GetAsync(cancellationToken, renew: true));
        return await base.SendAsync(request, cancellationToken);
    }
}
