using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace Yisp.Adapters.Health.Translation;

/// <summary>What the platform tells health about an intervention it leads: ids, a status and a time, nothing that names the child.</summary>
/// <param name="Status">The platform's intervention status: planned, active, completed or stopped.</param>
/// <param name="Suspended">Consent no longer covers the intervention: stop work.</param>
public sealed record InterventionTaskFacts(Guid InterventionId, Guid CaseId, string Status, bool Suspended, DateTimeOffset ChangedAt);

/// <summary>
/// An intervention health leads as a FHIR Task: identified by the intervention id, its focus the case (an EpisodeOfCare by
/// identifier) and its beneficiary the case's child (a Patient by the case's identifier), never a name. Status: planned →
/// requested (the platform asks health to act), active → in-progress, completed → completed, stopped → cancelled; a
/// suspended intervention not yet finished → on-hold.
/// </summary>
public static class InterventionTasks
{
    public static Task.TaskStatus StatusFor(string platformStatus, bool suspended) => (platformStatus, suspended) switch
    {
        ("completed", _) => Task.TaskStatus.Completed,
        ("stopped", _) => Task.TaskStatus.Cancelled,
        (_, true) => Task.TaskStatus.OnHold,
        ("planned", _) => Task.TaskStatus.Requested,
        ("active", _) => Task.TaskStatus.InProgress,
        _ => throw new ArgumentOutOfRangeException(nameof(platformStatus), platformStatus, "not an intervention status: planned, active, completed or stopped."),
    };

    public static Task Build(InterventionTaskFacts facts) => new()
    {
        Id = facts.InterventionId.ToString(),
        Identifier = [new Identifier(FhirSystems.Intervention, facts.InterventionId.ToString())],
        Status = StatusFor(facts.Status, facts.Suspended),
        Intent = Task.TaskIntent.Order,
        Focus = new ResourceReference { Type = "EpisodeOfCare", Identifier = new Identifier(FhirSystems.Case, facts.CaseId.ToString()) },
        For = new ResourceReference { Type = "Patient", Identifier = new Identifier(FhirSystems.Case, facts.CaseId.ToString()) },
        LastModified = facts.ChangedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string ToJson(InterventionTaskFacts facts) => FhirJson.Write(Build(facts));
}
