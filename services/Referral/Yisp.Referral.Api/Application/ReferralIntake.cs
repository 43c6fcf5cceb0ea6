using System.Data.Common;
using Yisp.Contracts.Referrals;
using Yisp.Data;
using Yisp.Data.Dialects;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Identifiers;
using Yisp.Referral.Domain.Matching;
using Yisp.Referral.Domain.Privacy;
using Yisp.Referral.Domain.Screening;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Referral.Application;

/// <summary>
/// Takes a valid referral in: matches the child against open cases, screens, stores it sealed, and
/// announces it, all in one transaction. The primary keys of case match keys settle races: the loser of a race rolls back and goes again, and then finds the winner's rows.
/// </summary>
public sealed partial class ReferralIntake(
    UnitOfWorkFactory unitsOfWork,
    ReferralStore store,
    KeyStore keyStore,
    CaseScreening screening,
    MatchKeyHasher hasher,
    IdentityProtector protector,
    ISqlDialect dialect,
    IIdGenerator ids,
    TimeProvider time,
    ILogger<ReferralIntake> logger)
{
    private const int Attempts = 4;

    public async Task<ReferralRecord> AcceptAsync(ValidReferral referral, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryAcceptAsync(referral, cancellationToken);
            }
            catch (System.Data.DBConcurrencyException) when (attempt < Attempts)
            {
                LogRaceLost(attempt);
            }
            catch (DbException ex) when (dialect.IsUniqueViolation(ex) && attempt < Attempts)
            {
                LogRaceLost(attempt);
            }
        }
    }

    private async Task<ReferralRecord> TryAcceptAsync(ValidReferral valid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = ids.NewId();
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var keys = hasher.KeysFor(MatchIdentity.Of(valid.Child));
        var link = await LinkAsync(unitOfWork, keys, now, cancellationToken);
        var dataKey = DataKey.New();

        var referral = new ReferralRecord
        {
            Id = id,
            CaseId = link.CaseId,
            CandidateCaseId = link.CandidateCaseId,
            MatchState = link.State,
            ReferringAgency = valid.ReferringAgency,
            Urgency = valid.Urgency,
            RiskFactors = ReferralRecord.Join(valid.RiskFactors),
            AgenciesInvolved = ReferralRecord.Join(valid.AgenciesInvolved),
            AgeAtReferral = ScreeningRules.AgeOn(valid.DateOfBirth, DateOnly.FromDateTime(now.UtcDateTime)),
            PostcodeDistrict = UkPostcode.District(valid.Postcode),
            SealedIdentity = new StoredIdentity(valid.Practitioner, valid.Child, valid.ParentsCarers, valid.Reasons).Seal(dataKey, id),
            SealedKey = protector.SealDataKey(dataKey, id),
            Status = ReferralStatus.Received,
            ReceivedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        unitOfWork.Publish(new ReferralReceived(id, referral.ReferringAgency, referral.Urgency, now,
            AgeBand.Of(referral.AgeAtReferral), referral.PostcodeDistrict, ReportedSex.Of(valid.Child.Sex)));
        if (link.CaseId is { } caseId)
        {
            unitOfWork.Publish(new ReferralLinkedToCase(id, caseId, link.State == MatchState.NewCase, "identifier", now, link.PreviousCaseId));
        }
        var screened = await screening.ScreenAsync(unitOfWork, referral, cancellationToken, caseOpenedNow: link.State == MatchState.NewCase);
        screening.Apply(unitOfWork, referral, screened, overridden: false);
        await store.InsertAsync(unitOfWork, referral, cancellationToken);
        await keyStore.InsertAsync(unitOfWork, id, referral.SealedKey, protector.ActiveKeyId, now, cancellationToken);
        if (link.State == MatchState.Linked)
        {
            await screening.RescreenCaseAsync(unitOfWork, link.CaseId!.Value, referral, cancellationToken);
        }
        await unitOfWork.CommitAsync(cancellationToken);

        LogAccepted(id, referral.ReferringAgency, referral.MatchState, referral.ScreeningOutcome);
        return referral;
    }

    private sealed record Link(Guid? CaseId, Guid? CandidateCaseId, string State, Guid? PreviousCaseId = null);

    /// <summary>
    /// An NHS number or UPN of one open case links to it; a name, date of birth and postcode sector
    /// match (or identifiers pointing at different cases) is held for a coordinator; no match opens a case.
    /// </summary>
    private async Task<Link> LinkAsync(UnitOfWork unitOfWork, IReadOnlyList<MatchKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var matches = await store.FindMatchesAsync(unitOfWork, keys, cancellationToken);
        var strongCases = matches.Where(m => MatchKeyType.IsStrong(m.KeyType)).Select(m => m.CaseId).Distinct().ToList();
        if (strongCases.Count == 1)
        {
            await store.AddMatchKeysAsync(unitOfWork, strongCases[0], keys.Where(k => !matches.Any(m => m.KeyHash == k.Hash)), cancellationToken);
            return new Link(strongCases[0], null, MatchState.Linked);
        }
        if (matches.Count > 0)
        {
            return new Link(null, (strongCases.Count > 0 ? strongCases : matches.Select(m => m.CaseId)).First(), MatchState.Pending);
        }
        var caseId = ids.NewId();
        var previous = await store.OpenCaseAsync(unitOfWork, caseId, keys, now, cancellationToken);
        return new Link(caseId, null, MatchState.NewCase, previous);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} received from {Agency}: match {MatchState}, screening {Outcome}")]
    private partial void LogAccepted(Guid referralId, string agency, string matchState, string outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Intake attempt {Attempt} lost a race for a case; trying again")]
    private partial void LogRaceLost(int attempt);
}
