using Yisp.Adapters;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.YouthService;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-youth-service");
builder.AddAgencyAdapter<JsonDeliveryFormatter>(typeof(YouthServiceAdapterMarker).Assembly,
    "YISP youth service adapter", "The youth service's system sends progress notes and attendance registers on the interventions it leads; it receives those interventions, with their current status, as signed webhooks.")
    .WithLeadInterventionStatus();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapYouthServiceApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.YouthService
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class YouthServiceAdapterMarker;
}
