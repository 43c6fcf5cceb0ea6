using System.ComponentModel.DataAnnotations;

namespace Yisp.Consent.Domain;

public sealed class ConsentOptions : IValidatableObject
{
    public const string Section = "Consent";

    /// <summary>Who must consent. Empty means the default: the child and a parent or carer with parental responsibility.</summary>
    /// <remarks>No default items here: configuration binding appends to a list, it does not replace it.</remarks>
    public List<string> RequiredParties { get; set; } = [];

    public IReadOnlyList<string> Required => RequiredParties.Count == 0 ? Party.All : [.. RequiredParties.Distinct()];

    /// <summary>Whether a child judged competent (the practitioner's recorded judgement) may decide alone.</summary>
    public bool AllowCompetentChildAlone { get; set; } = true;

    public TimeSpan DefaultExpiry { get; set; } = TimeSpan.FromDays(365);

    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ExpiryScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RequiredParties.Any(p => !Party.All.Contains(p)))
        {
            yield return new ValidationResult($"RequiredParties must name one or more of: {string.Join(", ", Party.All)}.", [nameof(RequiredParties)]);
        }
        if (DefaultExpiry <= TimeSpan.Zero || ReminderBefore < TimeSpan.Zero || ExpiryScanInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("DefaultExpiry and ExpiryScanInterval must be positive, ReminderBefore not negative.");
        }
    }
}

public static class Party
{
    public const string Child = "child";
    public const string ParentCarer = "parent-carer";

    public static readonly IReadOnlyList<string> All = [Child, ParentCarer];
}

public static class ConsentMethod
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { "in-person", "written", "verbal", "phone" };
}
