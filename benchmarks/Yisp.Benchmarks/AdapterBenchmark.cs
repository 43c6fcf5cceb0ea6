using System.Net;
using Yisp.Contracts;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// Health's adapter (issue 12): FHIR referrals per second in, through the adapter, the gateway and the referral service,
/// all Release-built processes; then webhook deliveries per second out (<see cref="AdapterDeliveryBenchmark"/>).
/// </summary>
public static class AdapterBenchmark
{
    private const int Callers = 16;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(15);

    public static async Task RunAsync()
    {
        Console.WriteLine($"== Health adapter: FHIR referrals in, webhooks out ({Environment.ProcessorCount} cores) ==");
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var referral = await ServiceProcess.StartAsync("services/Referral/Yisp.Referral.Api",
            await BenchPlatform.ServiceEnvironmentAsync(database, virtualHost));
        await using var gatewayDatabase = await TestDatabase.CreateAsync();
        await using var gateway = await GatewayAsync(referral, gatewayDatabase);
        await using (var receiver = await WebhookReceiver.StartAsync())
        await using (var adapter = await AgencyAdapter.StartAsync(Agency.Health, "Yisp.Adapters.Health", virtualHost, gateway.BaseAddress, receiver))
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
            await TestIdentity.AuthorizeAsync(http, TestIdentity.AgencyClient(Agency.Health));
            var target = adapter.Process.BaseAddress;

            // Warm-up children are numbered apart from the measured ones: every bundle is a child the platform has not seen.
            await LoadGenerator.ClosedLoopAsync(http, Callers, WarmUp, n => Refer(target, 1_000_000 + n), HttpStatusCode.OK);
            var webhooksBefore = receiver.Arrivals.Count;
            var inbound = await LoadGenerator.ClosedLoopAsync(http, Callers, Measure, n => Refer(target, n), HttpStatusCode.OK);
            Console.WriteLine($"inbound FHIR referrals, {Callers} callers, {Measure.TotalSeconds:F0} s (each a new child, its own Idempotency-Key): {inbound}");
            Console.WriteLine($"  in those {Measure.TotalSeconds:F0} s the same adapter also delivered {receiver.Arrivals.Count - webhooksBefore:N0} " +
                $"referral-screened webhooks (warm-up referrals' too); bad signatures: {receiver.BadSignatures}");
        }
        await AdapterDeliveryBenchmark.RunAsync(gateway.BaseAddress);
    }

    /// <summary>A GP system's message: one child's referral as a FHIR transaction bundle, keyed by its own message id.</summary>
    private static HttpRequestMessage Refer(Uri adapter, int child)
    {
        var content = new ByteArrayContent(FhirReferrals.Bundle(child));
        content.Headers.ContentType = new("application/fhir+json");
        var request = new HttpRequestMessage(HttpMethod.Post, adapter) { Content = content };
        request.Headers.Add("Idempotency-Key", $"gp-message-{child}");
        return request;
    }

    /// <summary>
    /// The gateway in front of the referral service, as <see cref="BenchPlatform.GatewayAsync"/> starts it, plus its token
    /// route to the identity service: the adapter gets its own token through the gateway, as deployed.
    /// </summary>
    private static async Task<ServiceProcess> GatewayAsync(ServiceProcess referral, TestDatabase gatewayDatabase)
    {
        var identity = (await TestIdentity.AuthorityAsync()).ToString();
        return await ServiceProcess.StartAsync("gateway/Yisp.Gateway", new Dictionary<string, string?>(TestSettings.GatewayStore(gatewayDatabase))
        {
            ["Auth__Authority"] = identity,
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Gateway__RateLimit__PermitsPerWindow"] = "1000000",
            ["ReverseProxy__Clusters__referral__Destinations__primary__Address"] = referral.BaseAddress.ToString(),
            ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = identity,
            ["Logging__LogLevel__Default"] = "Warning",
        });
    }
}
