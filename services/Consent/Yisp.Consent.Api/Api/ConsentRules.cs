using Yisp.Consent.Application;
using Yisp.Consent.Domain;
using Yisp.Contracts;
using Yisp.Contracts.Consent;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Consent.Api;

/// <summary>Validation of consent commands; every failure names its field.</summary>
public static class ConsentRules
{
    public static readonly IReadOnlySet<string> Purposes =
        new HashSet<string>(StringComparer.Ordinal) { ConsentPurpose.Assessment, ConsentPurpose.Sharing, ConsentPurpose.Intervention };

    public static ValidationErrors Validate(Guid caseId, RecordDecisionsRequest body, DateTimeOffset now, out RecordDecisions? command)
    {
        command = null;
        var errors = Common(body.Party, body.RecordedBy, body.Method);
        if (body.DocumentReference is { Length: > 200 })
        {
            errors.Add("documentReference", "must be at most 200 characters.");
        }
        if (body.ExpiresAt is { } expires && expires <= now)
        {
            errors.Add("expiresAt", "must be in the future.");
        }
        var items = body.Items ?? [];
        if (items.Count is 0 or > 20)
        {
            errors.Add("items", "must list 1 to 20 decisions.");
        }
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                errors.Add($"items[{i}]", "is required.");
                continue;
            }
            if (item.Purpose is null || !Purposes.Contains(item.Purpose))
            {
                errors.Add($"items[{i}].purpose", $"must be one of: {string.Join(", ", Purposes)}.");
            }
            else if (item.Purpose == ConsentPurpose.Sharing && (item.Agency is null || !Agency.All.Contains(item.Agency)))
            {
                errors.Add($"items[{i}].agency", $"is required when the purpose is sharing, and {Agency.MustBeOne}");
            }
            else if (item.Purpose != ConsentPurpose.Sharing && item.Agency is not null)
            {
                errors.Add($"items[{i}].agency", "applies to sharing only.");
            }
            if (item.Granted is null)
            {
                errors.Add($"items[{i}].granted", "is required (true or false).");
            }
        }
        if (errors.IsEmpty)
        {
            command = new RecordDecisions(caseId, body.Party!, [.. items.Select(i => new DecisionItem(i.Purpose!, i.Agency, i.Granted!.Value))],
                body.RecordedBy!.Trim(), body.Method!, body.DocumentReference, body.ExpiresAt);
        }
        return errors;
    }

    public static ValidationErrors Validate(Guid caseId, WithdrawRequest body, out Withdraw? command)
    {
        command = null;
        var errors = Common(body.Party, body.RecordedBy, body.Method);
        var purposes = body.Purposes ?? [];
        var agencies = body.Agencies ?? [];
        for (var i = 0; i < purposes.Count; i++)
        {
            if (!Purposes.Contains(purposes[i]))
            {
                errors.Add($"purposes[{i}]", $"must be one of: {string.Join(", ", Purposes)}.");
            }
        }
        for (var i = 0; i < agencies.Count; i++)
        {
            if (!Agency.All.Contains(agencies[i]))
            {
                errors.Add($"agencies[{i}]", Agency.MustBeOne);
            }
        }
        if (errors.IsEmpty)
        {
            command = new Withdraw(caseId, body.Party!, purposes, agencies, body.RecordedBy!.Trim(), body.Method!);
        }
        return errors;
    }

    private static ValidationErrors Common(string? party, string? recordedBy, string? method)
    {
        var errors = new ValidationErrors();
        if (party is null || !Party.All.Contains(party))
        {
            errors.Add("party", $"must be one of: {string.Join(", ", Party.All)}.");
        }
        errors.Required("recordedBy", recordedBy, 100);
        if (method is null || !ConsentMethod.All.Contains(method))
        {
            errors.Add("method", $"must be one of: {string.Join(", ", ConsentMethod.All)}.");
        }
        return errors;
    }
}
