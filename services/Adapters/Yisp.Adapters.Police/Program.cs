using Yisp.Adapters.Police;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync();

namespace Yisp.Adapters.Police
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class PoliceAdapterMarker;
}
