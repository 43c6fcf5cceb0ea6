using System.Text.Json;
using Yisp.Contracts.Referrals;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Identifiers;
using Yisp.Referral.Domain.Matching;
using Yisp.Referral.Domain.Privacy;
using Yisp.Referral.Domain.Screening;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Referral.Application;

/// <summary>What a correction seals: why, and the values it replaced (only those).</summary>
public sealed record CorrectionDetails(string Reason, ChildCorrection Previous);

/// <summary>A correction as a coordinator reads it back, its sealed part opened.</summary>
public sealed record OpenedCorrection(Guid Id, DateTimeOffset CorrectedAt, string CorrectedBy, IReadOnlyList<string> FieldsChanged, string Reason,
    ChildCorrection Previous);

/// <summary>
/// Corrects a child's details on a referral (UK GDPR article 16) inside the caller's unit of work: the identity is
/// sealed again under the referral's own data key, the replaced values are kept sealed under the same key, the
/// derived facts follow (age at referral, postcode district), and the case's match keys are brought in line.
/// Screening is not run again: a coordinator overrides it when the correction changes the picture.
/// </summary>
public sealed class IdentityCorrections(
    ReferralStore store, KeyStore keys, CorrectionStore history, MatchKeyHasher hasher, IdentityProtector protector, IIdGenerator ids, TimeProvider time)
{
    /// <returns>Why nothing was corrected, or null when the referral was changed and is ready to be written.</returns>
    public async Task<CommandOutcome<ReferralRecord>?> ApplyAsync(UnitOfWork unitOfWork, ReferralRecord referral, ValidCorrection correction, string correctedBy,
        CancellationToken cancellationToken)
    {
        if (referral.ErasedAt is not null || referral.SealedKey is not { } sealedKey)
        {
            return referral.ErasedAt is null && IdentityProtector.IsLegacy(referral.SealedIdentity)
                ? CommandOutcome<ReferralRecord>.NotAllowed("The referral's identity is being moved to a key of its own; try again in a few minutes.")
                : CommandOutcome<ReferralRecord>.NotFound();
        }
        if (referral.MatchState == MatchState.Pending && referral.Status != ReferralStatus.Closed)
        {
            return CommandOutcome<ReferralRecord>.NotAllowed("Decide the possible case match first: the decision is about the identity as it stands.");
        }
        var dataKey = protector.OpenDataKey(sealedKey, referral.Id);
        var identity = StoredIdentity.Open(referral, protector)!;
        var (child, changed, previous) = correction.Child.ApplyTo(identity.Child);
        if (changed.Count == 0)
        {
            return CommandOutcome<ReferralRecord>.Invalid("child", "holds only the values already recorded: nothing to correct.");
        }
        var receivedOn = DateOnly.FromDateTime(referral.ReceivedAt.UtcDateTime);
        if (child.DateOfBirth > receivedOn)
        {
            return CommandOutcome<ReferralRecord>.Invalid("child.dateOfBirth", $"must not be after the referral was received ({receivedOn:yyyy-MM-dd}).");
        }
        var sealedIdentity = (identity with { Child = child }).Seal(dataKey, referral.Id);
        if (!await keys.ReplaceIdentityAsync(unitOfWork, referral.Id, referral.SealedIdentity, sealedIdentity, cancellationToken))
        {
            return CommandOutcome<ReferralRecord>.Stale();
        }
        referral.SealedIdentity = sealedIdentity;
        var correctionId = ids.NewId();
        var details = dataKey.Seal(JsonSerializer.Serialize(new CorrectionDetails(correction.Reason, previous), JsonSerializerOptions.Web), referral.Id, correctionId);
        await history.InsertAsync(unitOfWork, new IdentityCorrectionRow(correctionId, referral.Id, time.GetUtcNow(), correctedBy, string.Join(',', changed), details),
            cancellationToken);
        referral.AgeAtReferral = ScreeningRules.AgeOn(child.DateOfBirth!.Value, receivedOn);
        referral.PostcodeDistrict = UkPostcode.District(child.Address!.Postcode!);
        await RematchAsync(unitOfWork, referral, identity.Child, child, cancellationToken);
        unitOfWork.Publish(new ReferralDetailsCorrected(referral.Id, referral.CaseId, AgeBand.Of(referral.AgeAtReferral), referral.PostcodeDistrict,
            time.GetUtcNow()));
        return null;
    }

    /// <summary>The referral's corrections, oldest first, each opened with the referral's data key; empty once erased.</summary>
    public async Task<IReadOnlyList<OpenedCorrection>> HistoryAsync(ReferralRecord referral, CancellationToken cancellationToken)
    {
        if (referral.SealedKey is not { } sealedKey)
        {
            return [];
        }
        var dataKey = protector.OpenDataKey(sealedKey, referral.Id);
        return (await history.OfReferralAsync(referral.Id, cancellationToken)).Select(row =>
        {
            var details = JsonSerializer.Deserialize<CorrectionDetails>(dataKey.Open(row.SealedDetails, referral.Id, row.Id), JsonSerializerOptions.Web)
                          ?? throw new InvalidDataException("An empty correction was stored.");
            return new OpenedCorrection(row.Id, row.CorrectedAt, row.CorrectedBy, row.FieldsChanged.Split(','), details.Reason, details.Previous);
        }).ToList();
    }

    /// <summary>
    /// Keys only this referral gave its case stop finding it. The new keys join the case unless they point at
    /// another open case while the referral is open: then a coordinator decides (pending-review with that candidate),
    /// and until then the referral gives no case any key.
    /// </summary>
    private async Task RematchAsync(UnitOfWork unitOfWork, ReferralRecord referral, Child before, Child after, CancellationToken cancellationToken)
    {
        var oldKeys = KeysOf(before);
        var newKeys = KeysOf(after);
        if (oldKeys.ToHashSet().SetEquals(newKeys))
        {
            return;
        }
        if (referral.CaseId is not { } caseId)
        {
            return; // closed while held at intake: it gives no case a key
        }
        var others = (await store.FindByCaseAsync(unitOfWork, caseId, cancellationToken))
            .Where(r => r.Id != referral.Id && r.ErasedAt is null)
            .SelectMany(r => StoredIdentity.Open(r, protector) is { } other ? KeysOf(other.Child) : [])
            .ToHashSet();
        if (!await store.IsCaseOpenAsync(unitOfWork, caseId, cancellationToken))
        {
            await store.RemoveMatchKeysAsync(unitOfWork, caseId, oldKeys.Except(newKeys).Except(others), cancellationToken);
            await store.AddClosedMatchKeysAsync(unitOfWork, caseId, newKeys, cancellationToken);
            return;
        }
        var matches = await store.FindMatchesAsync(unitOfWork, newKeys, cancellationToken);
        var candidate = referral.Status == ReferralStatus.Closed ? null : CorrectionMatch.CandidateFor(caseId, matches.Select(m => (m.KeyType, m.CaseId)));
        var leaving = candidate is null ? oldKeys.Except(newKeys) : oldKeys.Union(newKeys);
        await store.RemoveMatchKeysAsync(unitOfWork, caseId, leaving.Except(others), cancellationToken);
        if (candidate is not null)
        {
            referral.MatchState = MatchState.Pending;
            referral.CandidateCaseId = candidate;
            return;
        }
        await store.AddMatchKeysAsync(unitOfWork, caseId, newKeys.Where(k => !matches.Any(m => m.KeyHash == k.Hash)), cancellationToken);
    }

    private IReadOnlyList<MatchKey> KeysOf(Child child) => hasher.KeysFor(MatchIdentity.Of(child));
}
