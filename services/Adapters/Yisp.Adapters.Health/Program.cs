using Yisp.Adapters.Health;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync();

namespace Yisp.Adapters.Health
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class HealthAdapterMarker;
}
