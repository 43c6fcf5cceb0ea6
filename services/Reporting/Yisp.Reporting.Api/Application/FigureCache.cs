using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Yisp.Reporting.Data;
using Yisp.Reporting.Domain;

namespace Yisp.Reporting.Application;

/// <summary>
/// Figures computed once per read model and filter: a dashboard asks the same questions again and again, and until
/// the read model changes (a new snapshot) the answers cannot differ. Kept with the snapshot, so they go with it.
/// </summary>
public static class FigureCache
{
    private const int MaxFiltersPerSnapshot = 256;
    private static readonly ConditionalWeakTable<ReadModel, ConcurrentDictionary<string, IReadOnlyList<Figure>>> Computed = new();

    public static IReadOnlyList<Figure> Build(ReadModel model, ReportFilter filter)
    {
        var figures = Computed.GetOrCreateValue(model);
        if (figures.TryGetValue(filter.Key, out var known))
        {
            return known;
        }
        var built = FigureBuilder.Build(model, filter);
        if (figures.Count < MaxFiltersPerSnapshot)
        {
            figures.TryAdd(filter.Key, built);
        }
        return built;
    }
}
