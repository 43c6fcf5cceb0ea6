using Microsoft.Extensions.Options;
using Yisp.Audit;
using Yisp.Contracts;
using Yisp.Contracts.Privacy;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Data;
using Yisp.Referral.Domain.Privacy;
using Yisp.ServiceDefaults;

namespace Yisp.Referral.Application;

public sealed record ErasureReport(int ReferralsErased, int CasesErased, int KeptLonger);

/// <summary>
/// Erases what retention says is due: a referral's identity by deleting its data key (no copy of the sealed
/// identity opens again), its free text by overwriting it; ids, codes and dates stay. When the last identity
/// of a case goes, the case's match keys go too and <see cref="CaseErased"/> tells the other services to
/// delete their free text. Each erasure is claimed by a conditional update, audited, and announced, so any
/// number of replicas run it once; a case under legal hold is skipped.
/// </summary>
public sealed partial class RetentionErasure(
    RetentionStore store, UnitOfWorkFactory unitsOfWork, IdentityProtector protector, AuditTrail audit, IOptionsMonitor<RetentionOptions> options,
    TimeProvider time, ILogger<RetentionErasure> logger)
    : PeriodicJob(time, logger)
{
    public const string AuditClient = "retention";

    protected override TimeSpan Interval => options.CurrentValue.ErasureInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<ErasureReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var rules = options.CurrentValue;
        var (referrals, cases, kept) = (0, 0, 0);
        IReadOnlyList<RetentionCandidate> batch;
        do
        {
            var now = Time.GetUtcNow();
            batch = await store.CandidatesAsync(now, RetentionRules.ClosedBefore(now, rules), rules.ErasureBatchSize, cancellationToken);
            foreach (var candidate in batch)
            {
                var due = RetentionRules.EraseAfter(new RetainedReferral(candidate.ClosedAt, candidate.CaseClosedAt, DateOfBirth(candidate)), rules);
                if (due > now)
                {
                    await store.RetainUntilAsync(candidate.Id, due, cancellationToken);
                    kept++;
                    continue;
                }
                var (referralErased, caseErased) = await EraseAsync(candidate, now, cancellationToken);
                referrals += referralErased ? 1 : 0;
                cases += caseErased ? 1 : 0;
            }
        }
        while (batch.Count == rules.ErasureBatchSize);
        if (referrals > 0)
        {
            LogErased(referrals, cases);
        }
        return new ErasureReport(referrals, cases, kept);
    }

    /// <summary>Only the case rule needs the date of birth, so only a referral of a closed case is opened.</summary>
    private DateOnly? DateOfBirth(RetentionCandidate candidate) =>
        candidate.CaseClosedAt is null ? null
            : StoredIdentity.Open(new ReferralRecord { Id = candidate.Id, SealedIdentity = candidate.SealedIdentity, SealedKey = candidate.SealedKey }, protector)
                ?.Child.DateOfBirth;

    private async Task<(bool Referral, bool Case)> EraseAsync(RetentionCandidate candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        if (!await store.EraseReferralAsync(unitOfWork, candidate.Id, candidate.CaseId, now, cancellationToken))
        {
            return (false, false);
        }
        unitOfWork.Publish(new ReferralErased(candidate.Id, candidate.CaseId, now));
        var caseErased = candidate.CaseId is { } caseId && await store.EraseCaseIfEmptyAsync(unitOfWork, caseId, now, cancellationToken);
        if (caseErased)
        {
            unitOfWork.Publish(new CaseErased(candidate.CaseId!.Value, now));
        }
        // Recorded before the commit: an erasure that then fails to commit is recorded twice (it runs again), never done unrecorded.
        await audit.AppendAsync(Entry("referral", candidate.Id, candidate.ReferringAgency), cancellationToken);
        if (caseErased)
        {
            await audit.AppendAsync(Entry("case", candidate.CaseId!.Value, null), cancellationToken);
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return (true, caseErased);
    }

    private static AuditEntry Entry(string resourceType, Guid id, string? ownerAgency) =>
        AuditEntry.Bounded(AuditClient, Agency.YouthService, null, resourceType, id.ToString(), ownerAgency, "erase", "retention", AuditOutcome.Allowed, null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention erased {Referrals} referrals and {Cases} cases")]
    private partial void LogErased(int referrals, int cases);
}
