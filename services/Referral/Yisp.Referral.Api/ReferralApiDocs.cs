using Yisp.Contracts;
using Yisp.Referral.Api;
using Yisp.Referral.Catalogue;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Screening;
using Yisp.ServiceDefaults.OpenApi;

namespace Yisp.Referral;

/// <summary>What the referral API's document says about its bodies: required fields, code lists and examples.</summary>
public static class ReferralApiDocs
{
    public const string Title = "YISP Referrals API";

    public const string Summary = "Refer a child to the Youth Inclusion and Support Panel and follow the referral through screening, " +
        "matching to an existing case and consent. Agency systems refer for their own agency; the panel's coordinators screen and decide.";

    public static Action<ApiSchemaDocs> Describe(IConfiguration configuration) => docs =>
    {
        var riskFactors = RiskFactorCatalogue.Load(Path.Combine(AppContext.BaseDirectory,
            configuration["Referral:RiskFactorCatalogue"] ?? Path.Combine("Catalogue", "risk-factors.json"))).All.Select(f => f.Code).ToList();
        string[] referrers = [.. Agency.All, Referrer.ParentCarer, Referrer.YoungPerson];
        docs.CodeList("AgencyCode", Agency.All, "The agencies on the panel, as codes on the wire.")
            .CodeList("ReferrerCode", referrers, "Who may refer: an agency, a parent or carer, or the young person.")
            .CodeList("ReferralStatus", ReferralStatus.All, "received → screened → awaiting-consent → accepted, or closed at any point.")
            .CodeList("ScreeningOutcome", ScreeningOutcome.All, "The screening's result: eligible, ineligible, or needs-review by a coordinator.");

        docs.For<ReferralSubmission>(d => d
            .Describe("A referral as an agency's system submits it. Required: referringAgency, practitioner (when an agency refers), child and reasons.")
            .Required("referringAgency", "child", "reasons")
            .Codes("referringAgency", referrers, "Who refers: your own agency's code (an agency system may refer only for its agency), or parent-carer / young-person when the panel refers for them.")
            .Codes("riskFactors", riskFactors, "Codes from GET /api/referrals/risk-factors (at most 40, none twice).")
            .Codes("agenciesInvolved", Agency.All, "Other agencies already concerned about the child (at most 8); with the referrer they count towards the screening rule.")
            .Codes("urgency", [Urgency.Routine, Urgency.Urgent], "routine (the default) or urgent.")
            .Field("reasons", "Why you are referring, in plain words (at most 4000 characters).", "Seen with older peers involved in thefts; school reports escalating behaviour.")
            .WithExample(new
            {
                referringAgency = "police",
                practitioner = new { name = "Alex Morgan", role = "Neighbourhood officer", email = "alex.morgan@police.example", phone = "0161 496 0000" },
                child = new
                {
                    givenName = "Sam",
                    familyName = "Lee",
                    otherNames = Array.Empty<string>(),
                    dateOfBirth = "2014-05-01",
                    sex = "male",
                    address = new { line1 = "1 Example Street", town = "Manchester", postcode = "M1 1AE" },
                    school = "Example Primary",
                    nhsNumber = "9434765919",
                    policeReference = "GMP/2026/0412",
                },
                parentsCarers = new[] { new { name = "Jo Lee", relationship = "mother", hasParentalResponsibility = true, phone = "07700 900000" } },
                reasons = "Seen with older peers involved in thefts; school reports escalating behaviour.",
                riskFactors = new[] { "family-conflict", "persistent-absence", "exclusion", "substance-misuse" },
                agenciesInvolved = new[] { "education" },
                urgency = "routine",
            }));
        docs.For<Practitioner>(d => d
            .Describe("The person at the referring agency the panel can contact: name, and an email or a phone number.")
            .Required("name")
            .Field("email", "An email address.", "alex.morgan@police.example")
            .Field("phone", "7 to 20 digits, spaces or + ( ) -.", "0161 496 0000"));
        docs.For<Child>(d => d
            .Required("givenName", "familyName", "dateOfBirth", "address")
            .Field("dateOfBirth", "ISO 8601 date (yyyy-MM-dd), not in the future.", "2014-05-01")
            .Field("nhsNumber", "10 digits with a valid modulus-11 check digit, spaces allowed.", "9434765919")
            .Field("upn", "Unique Pupil Number: 13 characters with a valid check letter.", "A801200109001")
            .Field("policeReference", "1 to 40 letters, digits, spaces, '/' or '-'.", "GMP/2026/0412")
            .Field("yotReference", "1 to 40 letters, digits, spaces, '/' or '-'.", "YOT-1234")
            .Field("otherNames", "Other names the child is known by (at most 5).", Array.Empty<string>()));
        docs.For<Address>(d => d
            .Required("line1", "postcode")
            .Field("postcode", "A UK postcode; its district decides whether the child is in the panel's area.", "M1 1AE"));
        docs.For<ParentCarer>(d => d
            .Required("name")
            .Field("hasParentalResponsibility", "Whether this person holds parental responsibility (their consent then counts).", true));
        docs.For<ReferralResponse>(d => d
            .Codes("status", ReferralStatus.All, "received → screened → awaiting-consent → accepted, or closed.")
            .Codes("referringAgency", referrers, "Who referred."));
        docs.For<ScreeningView>(d => d.Codes("outcome", ScreeningOutcome.All, "eligible, ineligible, or needs-review by a coordinator."));
        docs.For<MatchView>(d => d.Codes("state", [MatchState.NewCase, MatchState.Linked, MatchState.Pending, MatchState.Confirmed, MatchState.Rejected],
            "How intake matched the child to open cases: new-case, linked (same child, certain), pending-review (a coordinator decides), confirmed or rejected."));
        docs.For<WithdrawRequest>(d => d
            .Describe("Optional body: why the referral is withdrawn.")
            .Field("reason", "At most 1000 characters.", "The family moved out of the area.")
            .WithExample(new { reason = "The family moved out of the area." }));
        docs.For<ScreeningOverrideRequest>(d => d
            .Required("outcome", "reason")
            .Codes("outcome", [ScreeningOutcome.Eligible, ScreeningOutcome.Ineligible], "The outcome the coordinator sets.")
            .WithExample(new { outcome = "eligible", reason = "Panel agreed on 2 December: concern from school and police outweighs the age rule." }));
        docs.For<MatchDecisionRequest>(d => d
            .Required("decision")
            .Codes("decision", ["confirm", "reject"], "confirm: the referral joins the candidate case; reject: it is a different child.")
            .WithExample(new { decision = "confirm", reason = "Same child: date of birth, school and address match." }));
        docs.For<IdentityCorrectionRequest>(d => d
            .Describe("The child's corrected details (at least one; a detail left out stays as it is) and why they are corrected.")
            .Required("child", "reason")
            .Field("reason", "Why the details are corrected (at most 1000 characters); kept sealed with the values replaced.",
                "The GP surgery confirmed the NHS number; the referral had two digits swapped.")
            .WithExample(new
            {
                child = new { nhsNumber = "9434765919", dateOfBirth = "2014-05-01" },
                reason = "The GP surgery confirmed the NHS number; the referral had two digits swapped.",
            }));
        docs.For<ChildCorrection>(d => d
            .Describe("Details of the child to correct, each checked as in a new referral; an address is given whole.")
            .Field("dateOfBirth", "ISO 8601 date (yyyy-MM-dd), not in the future.", "2014-05-01")
            .Field("nhsNumber", "10 digits with a valid modulus-11 check digit, spaces allowed.", "9434765919")
            .Field("upn", "Unique Pupil Number: 13 characters with a valid check letter.", "H801200001001"));
    };
}
