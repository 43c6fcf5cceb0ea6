using System.Globalization;

namespace Yisp.HealthCheck;

/// <summary>
/// Asks the service in the same container whether it is alive: GET http://127.0.0.1:{port}{path}, exit code 0 on a
/// 2xx answer, 1 otherwise. The port is the first argument or the first of ASPNETCORE_HTTP_PORTS; the path the
/// second argument or /health/live. Docker's HEALTHCHECK and compose run it; Kubernetes probes HTTP itself.
/// </summary>
public static class HealthProbe
{
    public const string DefaultPath = "/health/live";

    public static async Task<int> RunAsync(string[] args, string? httpPorts, TextWriter error)
    {
        var port = args.Length > 0 ? args[0] : httpPorts?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            await error.WriteLineAsync("Usage: Yisp.HealthCheck [port] [path] (or set ASPNETCORE_HTTP_PORTS)");
            return 2;
        }
        var path = args.Length > 1 ? args[1] : DefaultPath;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{number}{path}"));
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            await error.WriteLineAsync($"{path} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"{path} did not answer: {e.Message}");
        }
        return 1;
    }
}
