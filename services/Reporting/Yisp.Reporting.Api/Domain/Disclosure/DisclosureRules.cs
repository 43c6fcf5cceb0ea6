using System.ComponentModel.DataAnnotations;

namespace Yisp.Reporting.Domain.Disclosure;

/// <summary>
/// How published figures are protected (configuration section <c>Reporting:Disclosure</c>). Counts of children or cases
/// from 1 to <see cref="SuppressUpTo"/> are shown as <see cref="Marker"/>, and so is anything derived from them; totals
/// are rounded to the nearest <see cref="RoundTotalsTo"/>.
/// </summary>
public sealed record DisclosureRules
{
    public const string Section = "Reporting:Disclosure";

    /// <summary>The rules of UK official statistics practice: counts 1 to 5 suppressed as "c", totals to the nearest 5.</summary>
    public static DisclosureRules Default { get; } = new();

    /// <summary>Counts from 1 up to this number (inclusive) are suppressed. Zero is always shown.</summary>
    [Range(1, 100)]
    public int SuppressUpTo { get; set; } = 5;

    /// <summary>Published totals are rounded to the nearest multiple of this (halves away from zero); 1 means not rounded.</summary>
    [Range(1, 1000)]
    public int RoundTotalsTo { get; set; } = 5;

    /// <summary>What a suppressed figure shows: one to eight letters or the symbols <c>* : . [ ]</c>, never a number.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z*:.\[\]]{1,8}$")]
    public string Marker { get; set; } = "c";
}
