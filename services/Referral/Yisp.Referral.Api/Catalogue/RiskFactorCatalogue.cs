using System.Text.Json;

namespace Yisp.Referral.Catalogue;

public sealed record RiskFactor(string Code, string Label, string Group);

/// <summary>
/// The risk factors a referral may name, grouped as family, school, community and individual. The
/// catalogue is data (Catalogue/risk-factors.json, or the file named by Referral:RiskFactorCatalogue).
/// </summary>
public sealed class RiskFactorCatalogue
{
    public static readonly IReadOnlyList<string> Groups = ["family", "school", "community", "individual"];

    private readonly Dictionary<string, RiskFactor> byCode;

    public RiskFactorCatalogue(IEnumerable<RiskFactor> factors)
    {
        byCode = new Dictionary<string, RiskFactor>(StringComparer.Ordinal);
        foreach (var factor in factors)
        {
            if (!Groups.Contains(factor.Group))
            {
                throw new InvalidDataException($"Risk factor {factor.Code} is in an unknown group '{factor.Group}'.");
            }
            if (!byCode.TryAdd(factor.Code, factor))
            {
                throw new InvalidDataException($"Risk factor {factor.Code} appears twice in the catalogue.");
            }
        }
    }

    public IReadOnlyCollection<RiskFactor> All => byCode.Values;

    public bool Contains(string code) => byCode.ContainsKey(code);

    public RiskFactor? Find(string code) => byCode.GetValueOrDefault(code);

    public static RiskFactorCatalogue Load(string path)
    {
        using var stream = File.OpenRead(path);
        var groups = JsonSerializer.Deserialize<Dictionary<string, List<Entry>>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{path} holds no risk factors.");
        return new RiskFactorCatalogue(groups.SelectMany(g => g.Value.Select(e => new RiskFactor(e.Code, e.Label, g.Key))));
    }

    private sealed record Entry(string Code, string Label);
}
