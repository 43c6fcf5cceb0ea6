using System.Text.Json;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Privacy;

namespace Yisp.Referral.Application;

/// <summary>The identifying part of a referral: sealed as one encrypted value in the referrals row.</summary>
public sealed record StoredIdentity(Practitioner? Practitioner, Child Child, IReadOnlyList<ParentCarer> ParentsCarers, string Reasons)
{
    public string Seal(IdentityProtector protector) => protector.Protect(JsonSerializer.Serialize(this, JsonSerializerOptions.Web));

    public static StoredIdentity Open(string sealedValue, IdentityProtector protector) =>
        JsonSerializer.Deserialize<StoredIdentity>(protector.Unprotect(sealedValue), JsonSerializerOptions.Web)
        ?? throw new InvalidDataException("An empty identity was stored.");
}
