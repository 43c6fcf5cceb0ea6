using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.System.Tests;

/// <summary>
/// Drives many children's journeys through the gateway at once, as the agencies and the YISP team would: a referral
/// from the police with its own Idempotency-Key, the family's consent decisions, and for some a withdrawal. Each call
/// is retried until it gets through (a fault makes calls fail; that is the point), without ever doing a step twice.
/// </summary>
public sealed class JourneyDriver(HttpClient police, HttpClient coordinator)
{
    private static int nextChild = Random.Shared.Next(1, 1_000_000);
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(3);

    /// <summary>Children born in the four years before this make 9 to 13 year olds, whom the panel screens in (8 to 13).</summary>
    private static readonly DateOnly YoungestEligibleBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-9);

    private static readonly object[] Everything =
    [
        new { purpose = "assessment", granted = true },
        new { purpose = "intervention", granted = true },
        new { purpose = "sharing", agency = "police", granted = true },
        new { purpose = "sharing", agency = "education", granted = true },
    ];

    private static readonly object[] Nothing =
    [
        new { purpose = "assessment", granted = false },
        new { purpose = "intervention", granted = false },
        new { purpose = "sharing", agency = "police", granted = false },
        new { purpose = "sharing", agency = "education", granted = false },
    ];

    /// <summary>The journeys of <paramref name="children"/> children: about one in six refuses, one in six withdraws later.</summary>
    public static IReadOnlyList<Journey> Plan(int children) =>
    [
        .. Enumerable.Range(0, children).Select(i => new Journey(Interlocked.Increment(ref nextChild),
            (i % 6) switch { 1 => FamilyDecision.Refuses, 4 => FamilyDecision.WithdrawsAfterConsenting, _ => FamilyDecision.Consents })),
    ];

    /// <summary>
    /// Runs the journeys side by side, the referrals arriving <paramref name="apart"/> (as agencies send them, not all in
    /// one instant); finishes when each has run to its end or been given up.
    /// </summary>
    public Task RunAsync(IEnumerable<Journey> journeys, TimeSpan apart) =>
        Task.WhenAll(journeys.Select(async (journey, i) =>
        {
            await Task.Delay(apart * i);
            await RunAsync(journey);
        }));

    private async Task RunAsync(Journey journey)
    {
        try
        {
            await ReferAsync(journey);
            await UntilFoundAsync($"api/consent/cases/{journey.CaseId}", "the consent request opens");
            if (journey.Decision == FamilyDecision.Refuses)
            {
                await DecideAsync(journey, "child", Nothing);
                return;
            }
            await DecideAsync(journey, "child", Everything);
            await DecideAsync(journey, "parent-carer", Everything);
            if (journey.Decision == FamilyDecision.WithdrawsAfterConsenting)
            {
                await UntilFoundAsync($"api/interventions/cases/{journey.CaseId}", "the case opens for assessment");
                await WithdrawAsync(journey);
            }
        }
        catch (TimeoutException ex)
        {
            journey.Abandoned = ex.Message;
        }
    }

    /// <summary>Waits for a resource to appear; when it never does, says what the last attempt was answered.</summary>
    private async Task UntilFoundAsync(string path, string what)
    {
        var lastAnswer = "no answer";
        try
        {
            await UntilAsync(async () =>
            {
                using var response = await coordinator.GetAsync(path);
                lastAnswer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return response.IsSuccessStatusCode;
            }, what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (last: {lastAnswer[..Math.Min(lastAnswer.Length, 300)]})");
        }
    }

    private async Task ReferAsync(Journey journey)
    {
        var child = journey.Number;
        var body = ReferralPayloads.Valid(agency: "police", givenName: $"Child{child}", familyName: $"Family{child}",
            dateOfBirth: YoungestEligibleBirth.AddDays(-(child % 1500)).ToString("yyyy-MM-dd"), nhsNumber: ReferralPayloads.NhsNumber(child * 7919),
            riskFactors: ["family-conflict", "persistent-absence", "exclusion", "friends-involved-in-crime"]);
        await UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/referrals") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", journey.ReferralKey);
            using var response = await police.SendAsync(request);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
            {
                throw new InvalidOperationException($"The referral of child {child} was refused: {await response.Content.ReadAsStringAsync()}");
            }
            if (response.StatusCode == HttpStatusCode.Conflict && await response.Content.ReadAsStringAsync() is var conflict
                && (conflict.Contains("Outcome unknown", StringComparison.Ordinal) || conflict.Contains("answer lost", StringComparison.Ordinal)))
            {
                // The first attempt committed and was cut off before its answer was kept (its replica killed, its database gone):
                // the agency holds no referral id, so it is not owed a journey; reconciliation counts whatever the service holds.
                throw new TimeoutException($"outcome unknown: {conflict}");
            }
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return false;
            }
            var referral = await response.Content.ReadFromJsonAsync<JsonElement>();
            journey.CaseId = referral.GetProperty("caseId").GetGuid();
            journey.ReferralId = referral.GetProperty("id").GetGuid();
            return true;
        }, "the referral is made");
    }

    /// <summary>Records one party's decisions unless the history already holds them (an earlier attempt whose answer was lost).</summary>
    private async Task DecideAsync(Journey journey, string party, object[] items)
    {
        var key = Guid.NewGuid().ToString("N");
        await UntilAsync(async () =>
        {
            if (await HistoryHoldsAsync(journey, d => d.GetProperty("party").GetString() == party && !d.GetProperty("withdrawal").GetBoolean()))
            {
                return true;
            }
            using var current = await coordinator.GetAsync($"api/consent/cases/{journey.CaseId}");
            if (current.Headers.ETag is not { } etag)
            {
                return false;
            }
            using var decide = new HttpRequestMessage(HttpMethod.Post, $"api/consent/cases/{journey.CaseId}/decisions")
            {
                Content = JsonContent.Create(new { party, recordedBy = "YISP key worker", method = "in-person", items }),
            };
            decide.Headers.TryAddWithoutValidation("If-Match", etag.ToString());
            decide.Headers.Add("Idempotency-Key", key);
            using var decided = await coordinator.SendAsync(decide);
            if (decided.StatusCode == HttpStatusCode.Conflict)
            {
                key = Guid.NewGuid().ToString("N"); // an attempt cut off mid-request holds its key; the history shows it did not take effect
            }
            return decided.StatusCode == HttpStatusCode.OK;
        }, $"the {party}'s decisions are recorded");
    }

    private Task WithdrawAsync(Journey journey) => UntilAsync(async () =>
    {
        if (await HistoryHoldsAsync(journey, d => d.GetProperty("withdrawal").GetBoolean()))
        {
            return true;
        }
        using var withdrawn = await coordinator.PostAsJsonAsync($"api/consent/cases/{journey.CaseId}/withdraw",
            new { party = "parent-carer", recordedBy = "YISP key worker", method = "phone" });
        return withdrawn.StatusCode == HttpStatusCode.OK;
    }, "the withdrawal is recorded");

    private async Task<bool> HistoryHoldsAsync(Journey journey, Func<JsonElement, bool> decision)
    {
        using var history = await coordinator.GetAsync($"api/consent/cases/{journey.CaseId}/history");
        return history.IsSuccessStatusCode
            && (await history.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Any(decision);
    }

    /// <summary>Tries a step until it succeeds; a failed call (the fault at work) is tried again after a short pause.</summary>
    private static async Task UntilAsync(Func<Task<bool>> step, string what)
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                if (await step())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or IOException
                or global::System.Net.Sockets.SocketException)
            {
                // A connection to a gateway killed mid-handshake can surface as a bare SocketException.
            }
            if (clock.Elapsed > StepDeadline)
            {
                throw new TimeoutException($"{what}: no answer for {StepDeadline}");
            }
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
        }
    }
}
