using Yisp.Adapters;
using Yisp.Adapters.Delivery;
using Yisp.Adapters.YouthOffendingTeam;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-youth-offending-team");
builder.AddAgencyAdapter<JsonDeliveryFormatter>(typeof(YouthOffendingTeamAdapterMarker).Assembly,
    "YISP youth offending team adapter",
    "The youth justice system reports a child on a YISP case who entered it, and hears who else works with the child; notifications out as signed webhooks.");

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapYouthJusticeApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.YouthOffendingTeam
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class YouthOffendingTeamAdapterMarker;
}
