using System.Text.Json;
using Yisp.Contracts.Agencies;

namespace Yisp.Testing;

/// <summary>Reads an agency's feed queue in a test's virtual host, as the agency's adapter would (messages are taken off it).</summary>
public static class AgencyFeedReader
{
    /// <summary>The next <paramref name="count"/> notifications on the agency's feed, waiting until that many have arrived.</summary>
    public static async Task<List<AgencyNotification>> TakeAsync(TestVirtualHost virtualHost, string agency, int count)
    {
        var taken = new List<AgencyNotification>();
        await Eventually.TrueAsync(async () =>
        {
            taken.AddRange((await virtualHost.Management.TakeMessagesAsync(virtualHost.Name, AgencyFeeds.Queue(agency), count - taken.Count)).Select(Read));
            return taken.Count >= count;
        }, $"{count} notifications on the {agency} feed");
        return taken;
    }

    /// <summary>Whatever is on the agency's feed now (nothing, when consent shares nothing with it).</summary>
    public static async Task<List<AgencyNotification>> TakeAllAsync(TestVirtualHost virtualHost, string agency) =>
        [.. (await virtualHost.Management.TakeMessagesAsync(virtualHost.Name, AgencyFeeds.Queue(agency), 100)).Select(Read)];

    private static AgencyNotification Read(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("message").Deserialize<AgencyNotification>(JsonSerializerOptions.Web)!;
}
