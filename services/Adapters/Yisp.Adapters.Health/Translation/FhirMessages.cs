namespace Yisp.Adapters.Health.Translation;

/// <summary>
/// The health adapter's error messages that say the message's shape is wrong; <see cref="FhirOutcomes"/> reports them with
/// issue code <c>structure</c>, "is required." with <c>required</c>, and everything else with <c>invalid</c>.
/// </summary>
public static class FhirMessages
{
    public const string NotJson = "is not JSON: ";
    public const string NotFhirJson = "does not follow FHIR JSON: ";
    public const string NotABundle = "must be a Bundle of type transaction, not a ";
    public const string OneOnly = "must hold exactly one ";

    public static bool IsStructural(string message) =>
        message.StartsWith(NotJson, StringComparison.Ordinal) || message.StartsWith(NotFhirJson, StringComparison.Ordinal)
        || message.StartsWith(NotABundle, StringComparison.Ordinal) || message.StartsWith(OneOnly, StringComparison.Ordinal);
}
