namespace Yisp.Contracts;

/// <summary>The agency codes used on the wire, in kebab case.</summary>
public static class Agency
{
    public const string ChildrensSocialCare = "childrens-social-care";
    public const string Education = "education";
    public const string YouthService = "youth-service";
    public const string Police = "police";
    public const string Health = "health";
    public const string Housing = "housing";
    public const string Careers = "careers";
    public const string YouthOffendingTeam = "youth-offending-team";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ChildrensSocialCare, Education, YouthService, Police, Health, Housing, Careers, YouthOffendingTeam,
    };

    /// <summary>The codes in order, for messages that tell a caller what a field takes.</summary>
    public static readonly string Listed = string.Join(", ", All.Order(StringComparer.Ordinal));

    /// <summary>The validation message for a field that takes an agency code.</summary>
    public static readonly string MustBeOne = $"must be one of: {Listed}.";
}
