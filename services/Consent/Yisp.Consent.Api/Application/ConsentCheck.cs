using Yisp.Consent.Data;
using Yisp.Contracts.Consent;

namespace Yisp.Consent.Application;

public sealed record CheckAnswer(bool Allowed, DateTimeOffset? ExpiresAt);

/// <summary>
/// "May agency A receive data about case C for purpose P now?" Reads only effective_consent, which every
/// decision rewrites in its own transaction: once a withdrawal commits, no replica can answer yes.
/// Expiry is compared at read time, so an expired grant is refused even before the expiry job runs.
/// </summary>
public sealed class ConsentCheck(ConsentStore store, TimeProvider time)
{
    public async Task<CheckAnswer> CheckAsync(Guid caseId, string agency, string purpose, CancellationToken cancellationToken)
    {
        var rows = await store.InForceAsync(caseId, agency, purpose, time.GetUtcNow(), cancellationToken);
        var sharing = rows.FirstOrDefault(r => r.Purpose == ConsentPurpose.Sharing && r.Agency == agency);
        var forPurpose = purpose == ConsentPurpose.Sharing ? sharing : rows.FirstOrDefault(r => r.Purpose == purpose && r.Agency.Length == 0);
        return sharing is not null && forPurpose is not null
            ? new CheckAnswer(true, sharing.ExpiresAt < forPurpose.ExpiresAt ? sharing.ExpiresAt : forPurpose.ExpiresAt)
            : new CheckAnswer(false, null);
    }
}
