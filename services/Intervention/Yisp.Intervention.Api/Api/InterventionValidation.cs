using Yisp.Contracts;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Application;
using Yisp.Intervention.Domain;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Intervention.Api;

/// <summary>Every request's validation for the intervention and panel APIs; each failure names its field (JSON path).</summary>
public static class InterventionValidation
{
    public const int MaxPageSize = 100;

    private static string KnownAgencies => string.Join(", ", Agency.All.Order(StringComparer.Ordinal));

    public static ValidationErrors Assessment(AssessmentRequest body, DateOnly today, Catalogues catalogues)
    {
        var errors = new ValidationErrors().Required("assessor", body.Assessor, 100);
        if (body.AssessedOn is not { } on || on > today)
        {
            errors.Add("assessedOn", "is required (yyyy-MM-dd) and must not be in the future.");
        }
        var ratings = body.Ratings ?? [];
        foreach (var domain in catalogues.Domains.Entries.Where(d => !ratings.ContainsKey(d.Code)))
        {
            errors.Add($"ratings.{domain.Code}", $"is required (0 to {AssessmentRules.MaxRating}).");
        }
        foreach (var (domain, rating) in ratings)
        {
            if (!catalogues.Domains.Contains(domain))
            {
                errors.Add($"ratings.{domain}", $"is not an assessment domain: one of {Codes(catalogues.Domains)}.");
            }
            else if (rating is < 0 or > AssessmentRules.MaxRating)
            {
                errors.Add($"ratings.{domain}", $"must be from 0 to {AssessmentRules.MaxRating}.");
            }
        }
        foreach (var (domain, factors) in body.ProtectiveFactors ?? [])
        {
            if (!catalogues.Domains.Contains(domain) || factors.Count > 10)
            {
                errors.Add($"protectiveFactors.{domain}", "must be a known domain with up to 10 factors.");
                continue;
            }
            for (var i = 0; i < factors.Count; i++)
            {
                errors.Required($"protectiveFactors.{domain}[{i}]", factors[i], 200);
            }
        }
        return errors.OptionalText("childView", body.ChildView, 4000).OptionalText("parentView", body.ParentView, 4000);
    }

    public static ValidationErrors Intervention(InterventionRequest body, Catalogues catalogues)
    {
        var errors = new ValidationErrors();
        if (body.Type is null || !catalogues.InterventionTypes.Contains(body.Type))
        {
            errors.Add("type", $"must be an intervention type from the catalogue: one of {Codes(catalogues.InterventionTypes)}.");
        }
        if (body.LeadAgency is null || !Agency.All.Contains(body.LeadAgency))
        {
            errors.Add("leadAgency", $"must be one of: {KnownAgencies}.");
        }
        var goals = body.Goals ?? [];
        if (goals.Count is 0 or > 10)
        {
            errors.Add("goals", "must list 1 to 10 goals.");
        }
        for (var i = 0; i < goals.Count; i++)
        {
            errors.Required($"goals[{i}]", goals[i], 300);
        }
        if (body.PlannedStart is null)
        {
            errors.Add("plannedStart", "is required (yyyy-MM-dd).");
        }
        if (body.PlannedEnd is null || body.PlannedEnd < body.PlannedStart)
        {
            errors.Add("plannedEnd", "is required (yyyy-MM-dd) and must not be before plannedStart.");
        }
        return errors;
    }

    /// <summary>Stopping needs a reason (and takes a reason code, "other" when none is given); starting and completing take an optional reason.</summary>
    public static ValidationErrors Move(string action, InterventionChangeRequest? body)
    {
        if (action != "stop")
        {
            return new ValidationErrors().OptionalText("reason", body?.Reason, 1000);
        }
        var errors = new ValidationErrors().RequiredText("reason", body?.Reason, 1000);
        if (body?.ReasonCode is { } code && !StopReason.Chosen.Contains(code))
        {
            errors.Add("reasonCode", $"must be one of: {string.Join(", ", StopReason.Chosen)}.");
        }
        return errors;
    }

    public static ValidationErrors Progress(ProgressNoteRequest body)
    {
        var errors = new ValidationErrors().Required("recordedBy", body.RecordedBy, 100).RequiredText("note", body.Note, 4000);
        if (body.Agency is null || !Agency.All.Contains(body.Agency))
        {
            errors.Add("agency", $"must be one of: {KnownAgencies}.");
        }
        return errors;
    }

    public static ValidationErrors Review(ReviewRequest body, DateOnly today)
    {
        var errors = new ValidationErrors().Required("reviewer", body.Reviewer, 100);
        if (body.ReviewedOn is not { } on || on > today)
        {
            errors.Add("reviewedOn", "is required (yyyy-MM-dd) and must not be in the future.");
        }
        var progress = body.Progress ?? [];
        for (var i = 0; i < progress.Count; i++)
        {
            if (progress[i]?.InterventionId is null)
            {
                errors.Add($"progress[{i}].interventionId", "is required.");
            }
            errors.RequiredText($"progress[{i}].note", progress[i]?.Note, 2000);
        }
        return errors.OptionalText("planChanges", body.PlanChanges, 4000);
    }

    public static ValidationErrors Closure(CloseCaseRequest body)
    {
        var errors = new ValidationErrors().RequiredText("summary", body.Summary, 4000);
        if (body.Outcome is null || !CaseOutcome.All.Contains(body.Outcome))
        {
            errors.Add("outcome", $"must be one of: {string.Join(", ", CaseOutcome.All)}.");
        }
        return errors;
    }

    public static ValidationErrors Schedule(ScheduleRequest body)
    {
        var errors = new ValidationErrors();
        if (body.ScheduledFor is null)
        {
            errors.Add("scheduledFor", "is required (an ISO 8601 date and time, such as 2026-12-01T17:00:00Z).");
        }
        if (body.CaseIds is not { Count: > 0 and <= 50 })
        {
            errors.Add("caseIds", "must list 1 to 50 cases.");
        }
        return errors;
    }

    public static ValidationErrors Attendance(AttendanceRequest body)
    {
        var attendees = body.Attendees ?? [];
        var errors = new ValidationErrors();
        if (attendees.Count is 0 or > 40)
        {
            errors.Add("attendees", "must list 1 to 40 people.");
        }
        for (var i = 0; i < attendees.Count; i++)
        {
            if (attendees[i]?.Agency is not { } agency || !Agency.All.Contains(agency))
            {
                errors.Add($"attendees[{i}].agency", $"must be one of: {KnownAgencies}.");
            }
            errors.Required($"attendees[{i}].name", attendees[i]?.Name, 100);
            errors.Required($"attendees[{i}].role", attendees[i]?.Role, 100);
        }
        return errors;
    }

    public static ValidationErrors PanelDecision(PanelDecisionRequest body)
    {
        var errors = new ValidationErrors();
        if (body.CaseId is null)
        {
            errors.Add("caseId", "is required.");
        }
        if (body.Decision is null || !Application.PanelDecision.All.Contains(body.Decision))
        {
            errors.Add("decision", $"must be one of: {string.Join(", ", Application.PanelDecision.All)}.");
        }
        return errors.RequiredText("reasons", body.Reasons, 2000);
    }

    /// <summary>The page and its size, read from text so that a bad value is a 400 naming it.</summary>
    public static ValidationErrors TimelinePage(string? page, string? pageSize, out int number, out int size)
    {
        var errors = new ValidationErrors();
        number = (int)errors.Number("page", page, 1, 1, 100_000);
        size = (int)errors.Number("pageSize", pageSize, 50, 1, MaxPageSize);
        return errors;
    }

    private static string Codes(CodeCatalogue catalogue) => string.Join(", ", catalogue.Entries.Select(e => e.Code));
}
