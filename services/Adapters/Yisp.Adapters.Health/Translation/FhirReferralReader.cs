using Hl7.Fhir.Model;
using Yisp.Adapters.Platform;
using ReferralRequest = Yisp.Adapters.Platform.ReferralRequest;

namespace Yisp.Adapters.Health.Translation;

/// <summary>
/// A health referral: a FHIR R4 transaction Bundle holding one ServiceRequest (the referral) and one Patient (the child), plus the
/// Practitioner or PractitionerRole its requester references. Gives the platform's referral, or every error by FHIRPath
/// (turn them into an OperationOutcome with <see cref="FhirOutcomes.From"/>).
/// </summary>
public static class FhirReferralReader
{
    public static Translation<ReferralRequest> Read(string json, DateOnly today)
    {
        var parsed = FhirBundleParser.Parse(json);
        if (!parsed.Succeeded)
        {
            return Translation<ReferralRequest>.Failed(parsed.Errors);
        }
        var bundle = parsed.Value;
        var errors = new TranslationErrors();
        if (bundle.Type != Bundle.BundleType.Transaction)
        {
            errors.Add("Bundle.type", "must be transaction.");
        }
        var index = new FhirBundleIndex(bundle);
        var patient = index.Single<Patient>(errors);
        var request = index.Single<ServiceRequest>(errors);

        var child = patient is null ? null : FhirPatientMapping.Child(patient, today, errors);
        var parents = patient is null ? [] : FhirPatientMapping.ParentsCarers(patient, errors);
        if (request is null)
        {
            return Translation<ReferralRequest>.Failed(errors.All.ToList());
        }
        FhirServiceRequestMapping.CheckStatusAndSubject(request, patient, index, errors);
        var practitioner = FhirServiceRequestMapping.Practitioner(request, index, errors);
        var reasons = FhirServiceRequestMapping.Reasons(request, errors);
        var risks = FhirServiceRequestMapping.RiskFactors(request, errors);
        return errors.Result(() => new ReferralRequest(Contracts.Agency.Health, practitioner, child!, parents, reasons!, risks, [],
            FhirServiceRequestMapping.Urgency(request.Resource)));
    }
}
