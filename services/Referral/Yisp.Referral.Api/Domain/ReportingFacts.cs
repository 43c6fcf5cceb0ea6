namespace Yisp.Referral.Domain;

/// <summary>The child's age as reporting may see it: a two-year band, never the age or date of birth itself.</summary>
public static class AgeBand
{
    public static string Of(int age) => age switch
    {
        < 8 => "under-8",
        > 17 => "18-plus",
        _ when age % 2 == 0 => $"{age}-{age + 1}",
        _ => $"{age - 1}-{age}",
    };
}

/// <summary>Sex as reporting counts it, from the free text a referrer gave.</summary>
public static class ReportedSex
{
    public static string Of(string? stated) => stated?.Trim().ToLowerInvariant() switch
    {
        null or "" => "not-stated",
        "f" or "female" or "girl" => "female",
        "m" or "male" or "boy" => "male",
        _ => "other",
    };
}
