using Yisp.ServiceDefaults.Http;

namespace Yisp.Reporting.Api;

/// <summary>Every request's validation for the API; each failure names its field (JSON path).</summary>
public static class ReportingValidation
{
    public static ValidationErrors Create(CreateItemRequest body)
    {
        var errors = new ValidationErrors();
        if (body.CaseId is null)
        {
            errors.Add("caseId", "is required.");
        }
        return errors.Required("title", body.Title, 200).OptionalText("notes", body.Notes, 4000);
    }

    public static ValidationErrors Close(CloseItemRequest body) => new ValidationErrors().RequiredText("reason", body.Reason, 1000);
}
