using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Yisp.Adapters.Health.Translation;
using Yisp.Contracts.Agencies;
using Task = Hl7.Fhir.Model.Task;

namespace Yisp.Adapters.Tests.Translation;

public sealed class FhirOutboundTests
{
    private static readonly Guid InterventionId = Guid.Parse("0b5c2d1e-0000-4000-8000-000000000001");
    private static readonly Guid CaseId = Guid.Parse("0b5c2d1e-0000-4000-8000-000000000002");
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("planned", false, Task.TaskStatus.Requested)]
    [InlineData("active", false, Task.TaskStatus.InProgress)]
    [InlineData("completed", false, Task.TaskStatus.Completed)]
    [InlineData("stopped", false, Task.TaskStatus.Cancelled)]
    [InlineData("planned", true, Task.TaskStatus.OnHold)]
    [InlineData("active", true, Task.TaskStatus.OnHold)]
    [InlineData("stopped", true, Task.TaskStatus.Cancelled)]
    public void Intervention_statuses_map_to_task_statuses(string status, bool suspended, Task.TaskStatus expected) =>
        Assert.Equal(expected, InterventionTasks.StatusFor(status, suspended));

    [Fact]
    public void An_unknown_intervention_status_is_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InterventionTasks.StatusFor("paused", false));

    [Fact]
    public void A_task_is_fhir_json_that_references_by_id_only()
    {
        var json = InterventionTasks.ToJson(new InterventionTaskFacts(InterventionId, CaseId, "active", false, At));

        var task = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("Task", (string?)task["resourceType"]);
        Assert.Equal("in-progress", (string?)task["status"]);
        Assert.Equal("order", (string?)task["intent"]);
        Assert.Equal(InterventionId.ToString(), (string?)task["identifier"]![0]!["value"]);
        Assert.Equal(CaseId.ToString(), (string?)task["focus"]!["identifier"]!["value"]);
        Assert.Equal(CaseId.ToString(), (string?)task["for"]!["identifier"]!["value"]);
        Assert.Null(task["for"]!["display"]);
        Assert.Equal("2026-12-02T09:30:00+00:00", (string?)task["lastModified"]);
        Assert.IsType<Task>(FhirJsonRoundTrip(json));
    }

    [Fact]
    public void A_communication_carries_the_kind_and_ids_only()
    {
        var notification = new AgencyNotification(Guid.Parse("0b5c2d1e-0000-4000-8000-000000000003"), "health", NotificationKind.InterventionSuspended,
            null, CaseId, InterventionId, "planned", At);

        var communication = (Communication)FhirJsonRoundTrip(NotificationCommunications.ToJson(notification));

        Assert.Equal($"intervention-suspended case={CaseId} intervention={InterventionId}", ((FhirString)Assert.Single(communication.Payload).Content).Value);
        Assert.Equal(NotificationKind.InterventionSuspended, Assert.Single(Assert.Single(communication.Category).Coding).Code);
        Assert.Equal("planned", communication.Topic?.Coding[0].Code);
        Assert.Equal(["EpisodeOfCare", "Task"], communication.About.Select(a => a.Type));
        Assert.Equal(notification.NotificationId.ToString(), communication.Identifier[0].Value);
        Assert.Equal(EventStatus.Completed, communication.Status);
    }

    [Fact]
    public void The_capability_statement_is_an_r4_json_server_taking_transactions()
    {
        var statement = (CapabilityStatement)FhirJsonRoundTrip(HealthCapabilities.ToJson("1.0.0", At));

        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Equal(["json"], statement.Format);
        var rest = Assert.Single(statement.Rest);
        Assert.Equal(CapabilityStatement.RestfulCapabilityMode.Server, rest.Mode);
        Assert.Equal(CapabilityStatement.SystemRestfulInteraction.Transaction, Assert.Single(rest.Interaction).Code);
        Assert.Equal(["Patient", "ServiceRequest"], rest.Resource.Select(r => r.Type));
        Assert.Contains("GET /metadata", rest.Documentation);
    }

    [Fact]
    public void Errors_become_an_operation_outcome_in_fhir_json()
    {
        var json = FhirOutcomes.ToJson([new Platform.TranslationError("Bundle.entry[1].resource.birthDate", "must not be in the future.")]);

        var outcome = (OperationOutcome)FhirJsonRoundTrip(json);

        var issue = Assert.Single(outcome.Issue);
        Assert.Equal((OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invalid), (issue.Severity, issue.Code));
        Assert.Equal(["Bundle.entry[1].resource.birthDate"], issue.Expression);
    }

    // What is written must read back through the SDK's strict parser: it is FHIR JSON, not merely JSON.
    private static Resource FhirJsonRoundTrip(string json)
    {
        Assert.True(FhirJson.TryRead(json, out var resource, out var issues), string.Join("; ", issues.Select(i => i.Message)));
        return resource!;
    }
}
