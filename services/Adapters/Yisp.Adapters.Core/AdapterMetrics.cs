using System.Diagnostics.Metrics;

namespace Yisp.Adapters;

/// <summary>What an adapter counts: inbound (received, translated, refused) and from its feed.</summary>
public sealed class AdapterMetrics
{
    public const string MeterName = "Yisp.Adapters";

    public AdapterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Received = meter.CreateCounter<long>("yisp.adapter.received", description: "Messages received: from the agency's system and from its feed");
        Translated = meter.CreateCounter<long>("yisp.adapter.translated", description: "Agency messages translated and sent to the platform");
        Refused = meter.CreateCounter<long>("yisp.adapter.refused", description: "Messages refused: not translatable, or not for this agency");
    }

    public Counter<long> Received { get; }

    public Counter<long> Translated { get; }

    public Counter<long> Refused { get; }
}
