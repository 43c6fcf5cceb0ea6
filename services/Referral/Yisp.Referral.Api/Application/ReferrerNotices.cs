using Yisp.Contracts.Agencies;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;

namespace Yisp.Referral.Application;

/// <summary>What the agency that made a referral hears about it (on its own feed, in the transaction of the change).</summary>
public static class ReferrerNotices
{
    public static void Tell(UnitOfWork unitOfWork, ReferralRecord referral, string kind, string? status, DateTimeOffset at)
    {
        if (Referrer.IsAgency(referral.ReferringAgency))
        {
            unitOfWork.Publish(new AgencyNotification(Guid.CreateVersion7(), referral.ReferringAgency, kind, referral.Id, referral.CaseId, null, status, at));
        }
    }
}
