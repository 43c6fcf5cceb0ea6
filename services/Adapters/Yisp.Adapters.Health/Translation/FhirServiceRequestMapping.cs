using Hl7.Fhir.Model;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Health.Translation;

/// <summary>
/// The referral's ServiceRequest → reasons, urgency, practitioner and risk factors:
/// <list type="bullet">
/// <item>status must be active and subject must reference the bundle's Patient;</item>
/// <item>reasons: the text (else codings' display) of each reasonCode, the display of each reasonReference, then each note, one per line;</item>
/// <item>priority routine → routine; urgent, asap, stat → urgent; none → routine;</item>
/// <item>requester: a Practitioner or PractitionerRole in the bundle (name, role from PractitionerRole.code, phone and email from
/// telecom, the role's before the practitioner's), else the reference's display as the name; the platform needs a phone or email;</item>
/// <item>risk factors: category and reasonCode codings in <see cref="FhirSystems.RiskFactor"/>, each a catalogue code.</item>
/// </list>
/// </summary>
public static class FhirServiceRequestMapping
{
    public static string? Reasons(BundleResource<ServiceRequest> entry, TranslationErrors errors)
    {
        var (request, path) = (entry.Resource, entry.Path);
        var parts = request.ReasonCode.Select(FhirPatientMapping.Text)
            .Concat(request.ReasonReference.Select(r => r.Display))
            .Concat(request.Note.Select(n => n.Text))
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .ToList();
        if (parts.Count == 0)
        {
            errors.Add($"{path}.reasonCode", "is required: give the reasons as reasonCode text, reasonReference display or a note.");
            return null;
        }
        return errors.OptionalText($"{path}.note", string.Join('\n', parts), ReferralLimits.MaxReasons);
    }

    public static void CheckStatusAndSubject(BundleResource<ServiceRequest> entry, BundleResource<Patient>? patient, FhirBundleIndex index,
        TranslationErrors errors)
    {
        var (request, path) = (entry.Resource, entry.Path);
        if (request.Status != RequestStatus.Active)
        {
            errors.Add($"{path}.status", "must be active.");
        }
        if (patient is not null && index.Resolve<Patient>(request.Subject)?.Resource != patient.Resource)
        {
            errors.Add($"{path}.subject", "must reference the Patient in the bundle.");
        }
    }

    public static string Urgency(ServiceRequest request) => request.Priority switch
    {
        RequestPriority.Urgent or RequestPriority.Asap or RequestPriority.Stat => ReferralUrgency.Urgent,
        _ => ReferralUrgency.Routine,
    };

    public static ReferralPractitioner? Practitioner(BundleResource<ServiceRequest> entry, FhirBundleIndex index, TranslationErrors errors)
    {
        var (request, path) = (entry.Resource, entry.Path);
        var at = $"{path}.requester";
        if (request.Requester is null)
        {
            errors.Add(at, TranslationErrors.IsRequired);
            return null;
        }
        var role = index.Resolve<PractitionerRole>(request.Requester);
        var person = index.Resolve<Practitioner>(role?.Resource.Practitioner ?? request.Requester);
        var name = errors.Required(person is null ? $"{at}.display" : $"{person.Path}.name",
            FhirPatientMapping.FullName(person?.Resource.Name.FirstOrDefault()) ?? request.Requester.Display
                ?? role?.Resource.Practitioner?.Display, ReferralLimits.MaxName);
        var roleText = role is null ? null
            : errors.Optional($"{role.Path}.code", role.Resource.Code.Select(FhirPatientMapping.Text).FirstOrDefault(t => t is not null), ReferralLimits.MaxName);
        var phone = Contact(role, person, ContactPoint.ContactPointSystem.Phone, errors, errors.Phone);
        var email = Contact(role, person, ContactPoint.ContactPointSystem.Email, errors, errors.Email);
        if (phone is null && email is null)
        {
            errors.Add(at, "needs a phone or email: reference a Practitioner or PractitionerRole in the bundle with telecom.");
            return null;
        }
        return name is null ? null : new ReferralPractitioner(name, roleText, email, phone);
    }

    public static IReadOnlyList<string> RiskFactors(BundleResource<ServiceRequest> entry, TranslationErrors errors)
    {
        var (request, path) = (entry.Resource, entry.Path);
        var codes = new List<string>();
        Collect(request.Category, $"{path}.category");
        Collect(request.ReasonCode, $"{path}.reasonCode");
        return codes;

        void Collect(List<CodeableConcept> concepts, string at)
        {
            for (var i = 0; i < concepts.Count; i++)
            {
                for (var j = 0; j < concepts[i].Coding.Count; j++)
                {
                    var coding = concepts[i].Coding[j];
                    if (coding.System != FhirSystems.RiskFactor)
                    {
                        continue;
                    }
                    if (coding.Code is null || !RiskFactorCodes.All.Contains(coding.Code))
                    {
                        errors.Add($"{at}[{i}].coding[{j}].code", "is not in the platform's risk factor catalogue (GET /api/referrals/risk-factors).");
                    }
                    else if (!codes.Contains(coding.Code))
                    {
                        codes.Add(coding.Code);
                    }
                }
            }
        }
    }

    private static string? Contact(BundleResource<PractitionerRole>? role, BundleResource<Practitioner>? person, ContactPoint.ContactPointSystem system,
        TranslationErrors errors, Func<string, string?, string?> check) =>
        (role is null ? null : FhirPatientMapping.Telecom(role.Resource.Telecom, system, role.Path, errors, check))
        ?? (person is null ? null : FhirPatientMapping.Telecom(person.Resource.Telecom, system, person.Path, errors, check));
}
