using Yisp.Contracts.Referrals;
using Yisp.Messaging.Outbox;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.ServiceDefaults.Identity;

namespace Yisp.Referral.Api;

/// <summary>Stores a valid referral and its ReferralReceived event in one transaction.</summary>
public sealed partial class ReferralIntake(
    UnitOfWorkFactory unitsOfWork, ReferralStore store, IIdGenerator ids, TimeProvider time, ILogger<ReferralIntake> logger)
{
    public async Task<Domain.Referral> AcceptAsync(CreateReferralRequest request, string postcode, CancellationToken cancellationToken)
    {
        var referral = new Domain.Referral(
            ids.NewId(),
            request.ReferringAgency!,
            request.ChildGivenName!.Trim(),
            request.ChildFamilyName!.Trim(),
            request.ChildDateOfBirth!.Value,
            postcode,
            request.Reasons!.Trim(),
            ReferralStatus.Received,
            time.GetUtcNow());

        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        await store.InsertAsync(unitOfWork, referral, cancellationToken);
        unitOfWork.Publish(new ReferralReceived(referral.Id, referral.ReferringAgency, referral.ReceivedAt));
        await unitOfWork.CommitAsync(cancellationToken);

        LogAccepted(referral.Id, referral.ReferringAgency);
        return referral;
    }

    // Ids and agency only: never the child's details.
    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} received from {Agency}")]
    private partial void LogAccepted(Guid referralId, string agency);
}
