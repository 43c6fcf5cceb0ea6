using MassTransit;
using Microsoft.Extensions.Options;
using Yisp.Contracts.Consent;
using Yisp.Intervention.Domain;

namespace Yisp.Intervention.Application;

/// <summary>
/// The consent service's answer at this moment (its fast check, over the bus). The case's own copy of consent
/// follows events and can lag a withdrawal the family was already told of; an agency read must not.
/// </summary>
public sealed class LiveConsent(IBus bus, IOptions<InterventionOptions> options)
{
    private static readonly string[] Purposes = [ConsentPurpose.Assessment, ConsentPurpose.Intervention, ConsentPurpose.Sharing];

    private readonly Lazy<IRequestClient<CheckConsent>> client = new(() =>
        bus.CreateRequestClient<CheckConsent>(RequestTimeout.After(ms: (int)options.Value.ConsentCheckTimeout.TotalMilliseconds)));

    /// <summary>The purposes consent covers for the agency now; null when the consent service did not answer in time.</summary>
    public async Task<IReadOnlySet<string>?> PurposesAsync(Guid caseId, string agency, CancellationToken cancellationToken)
    {
        try
        {
            var answers = await Task.WhenAll(Purposes.Select(purpose =>
                client.Value.GetResponse<ConsentCheckResult>(new CheckConsent(caseId, agency, purpose), cancellationToken)));
            return answers.Where(a => a.Message.Allowed).Select(a => a.Message.Purpose).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is RequestTimeoutException or RequestFaultException)
        {
            return null;
        }
    }
}
