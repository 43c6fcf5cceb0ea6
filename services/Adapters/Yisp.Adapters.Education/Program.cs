using Yisp.Adapters;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.Education;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-education");
builder.AddAgencyAdapter<JsonDeliveryFormatter>(typeof(EducationAdapterMarker).Assembly,
    "YISP education adapter", "Schools refer pupils by UPN with attendance and exclusions, or send a Common Transfer File; notifications out as signed webhooks.");

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapEducationApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.Education
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class EducationAdapterMarker;
}
