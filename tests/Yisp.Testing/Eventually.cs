using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Yisp.Testing;

/// <summary>Waits for something asynchronous to become true, failing with a message when it does not in time.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {because}.");
            }
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), because, timeout);

    /// <summary>Until GET <paramref name="path"/> answers with a body the condition holds for; 404 is "not there yet" (made by a consumer, say).</summary>
    public static Task FoundAsync(HttpClient client, string path, Func<JsonElement, bool> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(async () =>
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            response.EnsureSuccessStatusCode();
            return condition(await response.Content.ReadFromJsonAsync<JsonElement>());
        }, because, timeout);
}
