using Yisp.Adapters;
using Yisp.Adapters.Careers;
using Yisp.Adapters.Delivery;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-careers");
builder.AddAgencyAdapter<JsonDeliveryFormatter>(typeof(CareersAdapterMarker).Assembly,
    "YISP careers adapter", "The careers service reports engagement (meetings held, education, employment or training status) on the interventions it leads; it receives those interventions, with their current status, as signed webhooks.")
    .WithLeadInterventionStatus();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapCareersApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.Careers
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class CareersAdapterMarker;
}
