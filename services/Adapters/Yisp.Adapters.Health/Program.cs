using Yisp.Adapters;
using Yisp.Adapters.Health;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-health");
builder.AddAgencyAdapter<FhirDeliveryFormatter>(typeof(HealthAdapterMarker).Assembly,
    "YISP health adapter", "Health referrals as FHIR R4 transaction Bundles; notifications out as FHIR Tasks and Communications, signed webhooks.");

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapHealthApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.Health
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class HealthAdapterMarker;
}
