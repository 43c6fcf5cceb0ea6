using Yisp.Consent.Api;
using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Contracts;
using Yisp.Contracts.Consent;
using Yisp.ServiceDefaults.OpenApi;

namespace Yisp.Consent;

/// <summary>What the consent API's document says about its bodies: required fields, code lists and examples.</summary>
public static class ConsentApiDocs
{
    public const string Title = "YISP Consent API";

    public const string Summary = "The family's consent, per purpose (assessment, sharing, intervention) and, for sharing, per agency. " +
        "Agency systems check consent before they share or act; practitioners and the panel record decisions and withdrawals.";

    private static readonly string[] Purposes = [ConsentPurpose.Assessment, ConsentPurpose.Sharing, ConsentPurpose.Intervention];

    public static void Describe(ApiSchemaDocs docs)
    {
        docs.CodeList("AgencyCode", Agency.All, "The agencies on the panel, as codes on the wire.")
            .CodeList("ConsentPurpose", Purposes, "assessment: the panel may assess the child's needs; sharing: information may be shared with the named agency; intervention: support may start.")
            .CodeList("ConsentParty", Party.All, "Who consents: the child, or a parent or carer with parental responsibility.")
            .CodeList("ConsentMethod", ConsentMethod.All, "How the decision was obtained.");

        docs.For<RecordDecisionsRequest>(d => d
            .Describe("What one party decided, purpose by purpose. Required: party, recordedBy, method and 1 to 20 items.")
            .Required("party", "recordedBy", "method", "items")
            .Codes("party", Party.All, "Who decided.")
            .Codes("method", ConsentMethod.All, "How the decision was obtained.")
            .Field("recordedBy", "The practitioner who obtained the decision (at most 100 characters).", "Chris Patel, youth worker")
            .Field("documentReference", "Where a signed form is kept, if any (at most 200 characters).", "EDMS-2026-00451")
            .Field("expiresAt", "When this consent lapses (ISO 8601 date and time, in the future); default one year.", "2027-12-01T00:00:00Z")
            .WithExample(new
            {
                party = "parent-carer",
                recordedBy = "Chris Patel, youth worker",
                method = "in-person",
                documentReference = "EDMS-2026-00451",
                items = new object[]
                {
                    new { purpose = "assessment", granted = true },
                    new { purpose = "intervention", granted = true },
                    new { purpose = "sharing", agency = "education", granted = true },
                    new { purpose = "sharing", agency = "police", granted = false },
                },
            }));
        docs.For<DecisionItemRequest>(d => d
            .Required("purpose", "granted")
            .Codes("purpose", Purposes, "The purpose decided on.")
            .Codes("agency", Agency.All, "For sharing only, and then required: the agency information may be shared with.")
            .Field("granted", "true to consent, false to refuse.", true));
        docs.For<WithdrawRequest>(d => d
            .Describe("A party withdraws consent. Leave purposes (and agencies) empty to withdraw everything.")
            .Required("party", "recordedBy", "method")
            .Codes("party", Party.All, "Who withdraws.")
            .Codes("method", ConsentMethod.All, "How the withdrawal was received.")
            .Codes("purposes", Purposes, "The purposes withdrawn; empty means all.")
            .Codes("agencies", Agency.All, "For sharing: the agencies no longer to be shared with; empty means all.")
            .WithExample(new { party = "parent-carer", recordedBy = "Chris Patel, youth worker", method = "phone", purposes = new[] { "sharing" }, agencies = new[] { "police" } }));
        docs.For<CompetenceRequest>(d => d
            .Required("judgement")
            .Field("judgement", "The practitioner's recorded judgement of the child's competence (at most 1000 characters).")
            .WithExample(new { judgement = "Sam understood what sharing with school means and its consequences; judged competent (Gillick) on 2 December." }));
        docs.For<CloseRequest>(d => d
            .Required("reason")
            .Field("reason", "Why the request is closed (at most 200 characters).")
            .WithExample(new { reason = "Case closed by the panel." }));
        docs.For<ConsentView>(d => d
            .Codes("status", [RequestStatus.Open, RequestStatus.Closed], "open or closed.")
            .Codes("agencies", Agency.All, "The agencies on the case.")
            .Codes("requiredParties", Party.All, "Whose consent is needed."));
        docs.For<EffectiveView>(d => d.Codes("purpose", Purposes, "A purpose consent is in effect for.").Codes("agency", Agency.All, "For sharing: with whom."));
        docs.For<DecisionView>(d => d
            .Codes("party", Party.All, "Who decided.").Codes("purpose", Purposes, "The purpose.")
            .Codes("agency", Agency.All, "For sharing: the agency.").Codes("method", ConsentMethod.All, "How it was obtained."));
        docs.For<CheckView>(d => d
            .Codes("agency", Agency.All, "The agency asked about.").Codes("purpose", Purposes, "The purpose asked about.")
            .Field("allowed", "Whether consent now allows the agency to act for the purpose.", true)
            .Field("expiresAt", "When that consent lapses, if allowed.", "2027-12-01T00:00:00Z"));
    }
}
