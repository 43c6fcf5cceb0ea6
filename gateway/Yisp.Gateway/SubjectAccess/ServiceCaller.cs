using Yarp.ReverseProxy;
using Yisp.ServiceDefaults.Correlation;

namespace Yisp.Gateway.SubjectAccess;

/// <summary>
/// Calls a service as the data protection officer, at a destination its cluster holds healthy now, passing on the caller's token
/// and correlation id: each service checks the role itself and records the access in its own trail.
/// </summary>
public sealed class ServiceCaller(IProxyStateLookup proxy, IHttpClientFactory clients)
{
    public const string ClientName = "subject-access";

    public async Task<HttpResponseMessage> SendAsync(HttpContext caller, string cluster, HttpMethod method, string path, HttpContent? content,
        CancellationToken cancellationToken)
    {
        if (!proxy.TryGetCluster(cluster, out var model) || model.DestinationsState.AvailableDestinations is not { Count: > 0 } destinations)
        {
            throw new ServiceUnavailableException(cluster);
        }
        var destination = destinations[Random.Shared.Next(destinations.Count)].Model.Config.Address;
        using var request = new HttpRequestMessage(method, new Uri(new Uri(destination), path)) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", caller.Request.Headers.Authorization.ToString());
        request.Headers.TryAddWithoutValidation(CorrelationContext.HeaderName, CorrelationContext.Current);
        try
        {
            return await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            throw new ServiceUnavailableException(cluster);
        }
    }
}

public sealed class ServiceUnavailableException(string service) : Exception($"The {service} service did not answer.")
{
    public string Service { get; } = service;
}
