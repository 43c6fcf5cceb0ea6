using Yisp.Contracts;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Api;
using Yisp.Intervention.Application;
using Yisp.Intervention.Domain;
using Yisp.ServiceDefaults.OpenApi;

namespace Yisp.Intervention;

/// <summary>What the intervention API's document says about its bodies: required fields, code lists and examples.</summary>
public static class InterventionApiDocs
{
    public const string Title = "YISP Interventions API";

    public const string Summary = "The panel's work on a case once the family consents: assessment, the support plan's interventions " +
        "(each led by one agency), progress notes, reviews, panel meetings and closure. Agencies see and act on a case only within the family's consent.";

    private static readonly string[] CaseStatuses = [CaseStatus.Assessment, CaseStatus.Support, CaseStatus.Closed];
    private static readonly string[] InterventionStatuses =
        [InterventionStatus.Planned, InterventionStatus.Active, InterventionStatus.Completed, InterventionStatus.Stopped];
    private static readonly string[] Purposes = [ConsentPurpose.Assessment, ConsentPurpose.Sharing, ConsentPurpose.Intervention];

    public static void Describe(ApiSchemaDocs docs)
    {
        var domains = CodeCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue", "assessment-domains.json")).Entries.Select(e => e.Code).ToList();
        var types = CodeCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue", "intervention-types.json")).Entries.Select(e => e.Code).ToList();
        docs.CodeList("AgencyCode", Agency.All, "The agencies on the panel, as codes on the wire.")
            .CodeList("AssessmentDomain", domains, "The domains an assessment rates (GET /api/interventions/catalogue/domains).")
            .CodeList("InterventionType", types, "The kinds of intervention (GET /api/interventions/catalogue/intervention-types).")
            .CodeList("CaseOutcome", CaseOutcome.All, "How a case ended.")
            .CodeList("PanelDecision", PanelDecision.All, "The panel's decision on a case.")
            .CodeList("CaseStatus", CaseStatuses, "assessment → support → closed.")
            .CodeList("InterventionStatus", InterventionStatuses, "planned → active → completed, or stopped.");

        docs.For<AssessmentRequest>(d => d
            .Describe($"An assessment: a rating from 0 (no concern) to {AssessmentRules.MaxRating} (very high) in every domain, with protective factors and views.")
            .Required("assessor", "assessedOn", "ratings")
            .Field("ratings", "Every assessment domain's code with its rating, 0 to 4.")
            .Field("protectiveFactors", "Per domain code, up to 10 protective factors of 1 to 200 characters.")
            .Field("assessedOn", "ISO 8601 date (yyyy-MM-dd), not in the future.", "2026-12-01")
            .WithExample(new
            {
                assessor = "Chris Patel, youth worker",
                assessedOn = "2026-12-01",
                ratings = domains.Select((code, i) => (code, rating: new[] { 1, 3, 2, 0, 2, 1, 0, 2 }[i % 8])).ToDictionary(r => r.code, r => r.rating),
                protectiveFactors = new Dictionary<string, string[]> { [domains[1]] = ["Close relationship with grandmother"] },
                childView = "Sam wants to join the football club and get on better at school.",
                parentView = "Jo is worried about the older boys Sam spends time with.",
            }));
        docs.For<InterventionRequest>(d => d
            .Required("type", "leadAgency", "goals", "plannedStart", "plannedEnd")
            .Codes("type", types, "An intervention type from the catalogue.")
            .Codes("leadAgency", Agency.All, "The agency that delivers the intervention and reports its progress.")
            .Field("goals", "1 to 10 goals, each a short sentence.")
            .Field("plannedStart", "ISO 8601 date (yyyy-MM-dd).", "2026-12-08")
            .Field("plannedEnd", "ISO 8601 date (yyyy-MM-dd), not before plannedStart.", "2027-03-31")
            .WithExample(new
            {
                type = types.Contains("mentoring") ? "mentoring" : types[0],
                leadAgency = "youth-service",
                goals = new[] { "Attends a weekly session with a mentor", "Joins a local sports club" },
                plannedStart = "2026-12-08",
                plannedEnd = "2027-03-31",
            }));
        docs.For<InterventionChangeRequest>(d => d
            .Field("reason", "Why the intervention is stopped (required to stop; ignored otherwise).")
            .Codes("reasonCode", StopReason.Chosen, "The reason as a code, which reports count (to stop; \"other\" when left out).")
            .WithExample(new { reason = "The family moved out of the area.", reasonCode = "moved-away" }));
        docs.For<ProgressNoteRequest>(d => d
            .Required("agency", "recordedBy", "note")
            .Codes("agency", Agency.All, "Your agency: the intervention's lead agency.")
            .Field("note", "What happened (at most 4000 characters).")
            .WithExample(new { agency = "youth-service", recordedBy = "Chris Patel, youth worker", note = "Third mentoring session attended; Sam has signed up for Saturday football." }));
        docs.For<ReviewRequest>(d => d
            .Required("reviewer", "reviewedOn")
            .Field("reviewedOn", "ISO 8601 date (yyyy-MM-dd), not in the future.", "2027-02-23")
            .WithExample(new
            {
                reviewer = "Pat Panel, coordinator",
                reviewedOn = "2027-02-23",
                progress = new[] { new { interventionId = "0193a4f2-5c1e-7b9a-8d2e-3f4a5b6c7d8e", note = "Attending well; school reports fewer incidents." } },
                planChanges = "Add a parenting programme for Jo from March.",
            }));
        docs.For<ProgressRequest>(d => d.Required("interventionId"));
        docs.For<CloseCaseRequest>(d => d
            .Required("outcome", "summary")
            .Codes("outcome", CaseOutcome.All, "How the case ended.")
            .WithExample(new { outcome = "goals-achieved", summary = "Plan completed; Sam attends school regularly and plays for a local club." }));
        docs.For<ScheduleRequest>(d => d
            .Required("scheduledFor", "caseIds")
            .Field("scheduledFor", "ISO 8601 date and time of the meeting.", "2026-12-10T14:00:00Z")
            .Field("caseIds", "1 to 50 open, not suspended cases to discuss.")
            .WithExample(new { scheduledFor = "2026-12-10T14:00:00Z", caseIds = new[] { "0193a4f2-5c1e-7b9a-8d2e-3f4a5b6c7d8e" } }));
        docs.For<AttendeeRequest>(d => d
            .Required("agency", "name", "role")
            .Codes("agency", Agency.All, "The agency the attendee represents."));
        docs.For<AttendanceRequest>(d => d
            .Required("attendees")
            .WithExample(new
            {
                attendees = new[]
                {
                    new { agency = "youth-service", name = "Pat Panel", role = "Coordinator" },
                    new { agency = "education", name = "Sam Teacher", role = "Head of year" },
                    new { agency = "police", name = "Alex Morgan", role = "Neighbourhood officer" },
                },
            }));
        docs.For<PanelDecisionRequest>(d => d
            .Required("caseId", "decision", "reasons")
            .Codes("decision", PanelDecision.All, "support: offer a support plan; refer-elsewhere: another service fits better; no-further-action.")
            .WithExample(new { caseId = "0193a4f2-5c1e-7b9a-8d2e-3f4a5b6c7d8e", decision = "support", reasons = "Concern from three agencies; the family wants help." }));
        docs.For<CaseView>(d => d
            .Codes("status", CaseStatuses, "assessment → support → closed.")
            .Codes("consentedPurposes", Purposes, "The purposes the family's consent now covers.")
            .Codes("consentedAgencies", Agency.All, "The agencies information may be shared with.")
            .Codes("outcome", CaseOutcome.All, "How the case ended, once closed."));
        docs.For<InterventionView>(d => d
            .Codes("type", types, "The intervention type.")
            .Codes("leadAgency", Agency.All, "The agency delivering it.")
            .Codes("status", InterventionStatuses, "planned → active → completed, or stopped."));
        docs.For<PanelCaseView>(d => d.Codes("decision", PanelDecision.All, "The panel's decision, once made."));
        docs.For<TimelineEntryView>(d => d.Codes("purpose", Purposes, "The consent purpose a line falls under (what decides who may see it)."));
    }
}
