using Yisp.Adapters;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Housing;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-housing");
builder.AddAgencyAdapter<JsonDeliveryFormatter>(typeof(HousingAdapterMarker).Assembly,
    "YISP housing adapter", "The housing system refers children in tenancies with anti-social behaviour concerns; it receives the interventions housing leads (family support, tenancy sustainment), with their current status, and its referrals' outcomes as signed webhooks.")
    .WithLeadInterventionStatus();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapHousingApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.Housing
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class HousingAdapterMarker;
}
