using Yisp.Adapters.Education;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync();

namespace Yisp.Adapters.Education
{
    /// <summary>Names this adapter's entry assembly for test hosts.</summary>
    public sealed class EducationAdapterMarker;
}
