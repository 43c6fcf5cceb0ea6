using Yisp.Adapters;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Police;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-police");
builder.AddAgencyAdapter<JsonDeliveryFormatter>(typeof(PoliceAdapterMarker).Assembly,
    "YISP police adapter", "Forces send batches of notifications (CSV or JSON), answered row by row; notifications out as signed webhooks.");

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapPoliceApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.Police
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class PoliceAdapterMarker;
}
