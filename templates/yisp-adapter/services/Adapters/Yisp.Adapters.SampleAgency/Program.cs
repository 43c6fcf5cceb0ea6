using Yisp.Adapters;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.SampleAgency;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-sample-agency");
// JsonDeliveryFormatter: the agency's system receives each notification as JSON. Write an IDeliveryFormatter to send its own format.
builder.AddAgencyAdapter<JsonDeliveryFormatter>(typeof(SampleAgencyAdapterMarker).Assembly,
    "YISP sample-agency adapter", "The sample-agency system reports progress on the interventions it leads; it receives those interventions, with their current status, as signed webhooks.")
    .WithLeadInterventionStatus();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapSampleAgencyApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.SampleAgency
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class SampleAgencyAdapterMarker;
}
