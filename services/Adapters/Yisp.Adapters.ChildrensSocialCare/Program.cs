using Yisp.Adapters;
using Yisp.Adapters.ChildrensSocialCare;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("adapter-childrens-social-care");
builder.AddAgencyAdapter<SocialCareDeliveryFormatter>(typeof(ChildrensSocialCareAdapterMarker).Assembly,
    "YISP children's social care adapter",
    "The case system refers children and reports a child on a YISP case open to statutory social care; handovers of escalated cases are fetched here; notifications out as signed webhooks.");

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapSocialCareApi();
app.MapAdapterDeliveries();

await app.MigrateDatabaseAsync();
await app.RunAsync();

namespace Yisp.Adapters.ChildrensSocialCare
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class ChildrensSocialCareAdapterMarker;
}
