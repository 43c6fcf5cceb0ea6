using System.ComponentModel.DataAnnotations;

namespace Yisp.Referral.Domain.Screening;

/// <summary>The panel's screening rules. Defaults follow the YJB pilots: ages 8 to 13, two agencies or four risk factors.</summary>
public sealed class ScreeningOptions : IValidatableObject
{
    public const string Section = "Referral:Screening";

    [Range(5, 17)]
    public int MinimumAge { get; set; } = 8;

    [Range(5, 17)]
    public int MaximumAge { get; set; } = 13;

    /// <summary>Postcode districts (outward codes) in the panel's area, e.g. "M1", "SW1A". Empty: every district.</summary>
    public List<string> PostcodeDistricts { get; set; } = [];

    [Range(1, 10)]
    public int MinimumConcernedAgencies { get; set; } = 2;

    [Range(1, 30)]
    public int MinimumRiskFactors { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinimumAge > MaximumAge)
        {
            yield return new ValidationResult("MinimumAge must not exceed MaximumAge.", [nameof(MinimumAge), nameof(MaximumAge)]);
        }
    }
}
