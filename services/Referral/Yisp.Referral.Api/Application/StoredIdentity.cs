using System.Text.Json;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Privacy;

namespace Yisp.Referral.Application;

/// <summary>The identifying part of a referral: sealed as one encrypted value in the referrals row, under the referral's own data key.</summary>
public sealed record StoredIdentity(Practitioner? Practitioner, Child Child, IReadOnlyList<ParentCarer> ParentsCarers, string Reasons)
{
    public string Seal(DataKey dataKey, Guid referralId) => dataKey.Seal(JsonSerializer.Serialize(this, JsonSerializerOptions.Web), referralId);

    /// <summary>Opens the referral's identity with its data key (or, for a row re-sealing has not moved yet, the service key); null once erased.</summary>
    public static StoredIdentity? Open(ReferralRecord referral, IdentityProtector protector)
    {
        string json;
        if (IdentityProtector.IsLegacy(referral.SealedIdentity))
        {
            json = protector.UnprotectLegacy(referral.SealedIdentity);
        }
        else if (referral.SealedKey is { } sealedKey)
        {
            json = protector.OpenDataKey(sealedKey, referral.Id).Open(referral.SealedIdentity, referral.Id);
        }
        else
        {
            return null;
        }
        return JsonSerializer.Deserialize<StoredIdentity>(json, JsonSerializerOptions.Web) ?? throw new InvalidDataException("An empty identity was stored.");
    }
}
