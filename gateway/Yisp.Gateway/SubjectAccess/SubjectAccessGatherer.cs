using System.Net;
using System.Text;
using System.Text.Json;

namespace Yisp.Gateway.SubjectAccess;

/// <summary>Everything the platform holds about one child, as each service answered for its own data.</summary>
/// <param name="Referral">The referral service's answer: the child's referrals, identity opened, and their accesses.</param>
/// <param name="Consent">The consent service's answer for each of the child's cases that has a consent request.</param>
/// <param name="Intervention">The intervention service's answer for each of the child's cases it holds.</param>
public sealed record SubjectAccessPackage(DateTimeOffset GeneratedAt, IReadOnlyList<Guid> CaseIds, JsonElement Referral,
    IReadOnlyList<JsonElement> Consent, IReadOnlyList<JsonElement> Intervention);

/// <summary>What a service answered when it refused the request (bad input, wrong role): passed on to the caller as it is.</summary>
public sealed record ServiceRefusal(HttpStatusCode Status, string Body, string? ContentType);

/// <summary>Asks the referral service to find the child, then the consent and intervention services for each of the child's cases.</summary>
public sealed class SubjectAccessGatherer(ServiceCaller services, TimeProvider time)
{
    public async Task<(SubjectAccessPackage? Package, ServiceRefusal? Refusal)> GatherAsync(HttpContext caller, string query, CancellationToken cancellationToken)
    {
        using var found = await services.SendAsync(caller, "referral", HttpMethod.Post, "/api/referrals/subject-access",
            new StringContent(query, Encoding.UTF8, "application/json"), cancellationToken);
        if (!found.IsSuccessStatusCode)
        {
            return (null, await RefusalAsync(found, cancellationToken));
        }
        var referral = await found.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var caseIds = referral.GetProperty("caseIds").EnumerateArray().Select(c => c.GetGuid()).ToList();
        var consent = new List<JsonElement>();
        var intervention = new List<JsonElement>();
        foreach (var caseId in caseIds)
        {
            if (await CaseAsync(caller, "consent", $"/api/consent/subject-access/cases/{caseId}", cancellationToken) is { } consentAnswer)
            {
                consent.Add(consentAnswer);
            }
            if (await CaseAsync(caller, "intervention", $"/api/interventions/subject-access/cases/{caseId}", cancellationToken) is { } caseAnswer)
            {
                intervention.Add(caseAnswer);
            }
        }
        return (new SubjectAccessPackage(time.GetUtcNow(), caseIds, referral, consent, intervention), null);
    }

    /// <summary>A service's answer for one case; none when it holds nothing of the case (404). Anything else fails the whole package.</summary>
    private async Task<JsonElement?> CaseAsync(HttpContext caller, string cluster, string path, CancellationToken cancellationToken)
    {
        using var answer = await services.SendAsync(caller, cluster, HttpMethod.Get, path, null, cancellationToken);
        if (answer.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!answer.IsSuccessStatusCode)
        {
            throw new ServiceUnavailableException(cluster);
        }
        return await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private static async Task<ServiceRefusal> RefusalAsync(HttpResponseMessage answer, CancellationToken cancellationToken) =>
        (int)answer.StatusCode >= 500
            ? throw new ServiceUnavailableException("referral")
            : new ServiceRefusal(answer.StatusCode, await answer.Content.ReadAsStringAsync(cancellationToken), answer.Content.Headers.ContentType?.ToString());
}
