using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Yisp.Testing;

/// <summary>The broker's management HTTP API: virtual hosts for isolation, and reading queues the way an operator would.</summary>
public sealed class RabbitManagement : IDisposable
{
    private readonly HttpClient http;

    public RabbitManagement(BrokerEndpoint broker)
    {
        var credentials = Uri.UnescapeDataString(broker.Management.UserInfo);
        http = new HttpClient { BaseAddress = new Uri(broker.Management.GetLeftPart(UriPartial.Authority) + "/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Length > 0 ? credentials : $"{broker.Username}:{broker.Password}")));
    }

    public async Task CreateVirtualHostAsync(string name, string user)
    {
        (await http.PutAsync($"vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    /// <summary>A broker user with the given permissions on one virtual host (regular expressions over resource names).</summary>
    public async Task CreateUserAsync(string virtualHost, string user, string password, string configure, string write, string read)
    {
        (await http.PutAsJsonAsync($"users/{Uri.EscapeDataString(user)}", new { password, tags = "" })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"permissions/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(user)}",
            new { configure, write, read })).EnsureSuccessStatusCode();
    }

    public async Task DeleteUserAsync(string user) => await http.DeleteAsync($"users/{Uri.EscapeDataString(user)}");

    public async Task DeleteVirtualHostAsync(string name) =>
        await http.DeleteAsync($"vhosts/{Uri.EscapeDataString(name)}");

    /// <summary>Takes up to <paramref name="count"/> messages off a queue (they are removed) and returns their bodies.</summary>
    public async Task<IReadOnlyList<string>> TakeMessagesAsync(string virtualHost, string queue, int count)
    {
        var response = await http.PostAsJsonAsync($"queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_false", encoding = "auto" });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.EnumerateArray().Select(m => m.GetProperty("payload").GetString() ?? "")];
    }

    public async Task<int?> QueueDepthAsync(string virtualHost, string queue)
    {
        var response = await http.GetAsync($"queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("messages", out var messages) ? messages.GetInt32() : 0;
    }

    /// <summary>The broker's Erlang node name (benchmarks find its process by it).</summary>
    public async Task<string> NodeNameAsync() =>
        (await http.GetFromJsonAsync<JsonElement>("overview")).GetProperty("node").GetString()!;

    /// <summary>Every queue of a virtual host with the messages it holds (ready and unacknowledged).</summary>
    public async Task<IReadOnlyDictionary<string, int>> QueuesAsync(string virtualHost)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync($"queues/{Uri.EscapeDataString(virtualHost)}?columns=name,messages"));
        return document.RootElement.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString() ?? "",
            q => q.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt32() : 0);
    }

    public void Dispose() => http.Dispose();
}
