using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Police.Translation;

/// <summary>
/// One row of a batch, translated. <see cref="Line"/> is the CSV line the row starts on (the header is line 1) or the JSON
/// array index. <see cref="IdempotencyKey"/> is the force's reference, so a batch sent twice creates nothing twice.
/// </summary>
public sealed record PoliceBatchRow(int Line, string? Reference, Translation<ReferralRequest> Translation)
{
    /// <summary>The reference made safe for the Idempotency-Key header (visible ASCII): percent-encoded, so distinct references stay distinct.</summary>
    public string? IdempotencyKey => Reference is null ? null : $"police:{Uri.EscapeDataString(Reference)}";

    /// <summary>The row's report before anything is sent: invalid with its errors, or pending.</summary>
    public PoliceRowReport Report() => Translation.Succeeded
        ? new PoliceRowReport(Line, Reference, PoliceRowOutcome.Pending, [], null)
        : new PoliceRowReport(Line, Reference, PoliceRowOutcome.Invalid, Translation.Errors, null);
}

/// <summary>A batch read: its rows, or the errors that stop the whole batch (not CSV or JSON, a missing column).</summary>
public sealed record PoliceBatch(IReadOnlyList<PoliceBatchRow> Rows, IReadOnlyList<TranslationError> BatchErrors)
{
    public bool Readable => BatchErrors.Count == 0;

    public static PoliceBatch Unreadable(string path, string message) => new([], [new TranslationError(path, message)]);
}

/// <summary>
/// What the force hears about one row: its line (CSV) or index (JSON), its reference, the outcome, and the errors or the
/// platform's referral id.
/// </summary>
public sealed record PoliceRowReport(int Line, string? Reference, string Outcome, IReadOnlyList<TranslationError> Errors, Guid? ReferralId);

public static class PoliceRowOutcome
{
    /// <summary>The row could not be translated: see its errors. Nothing was sent.</summary>
    public const string Invalid = "invalid";

    /// <summary>Translated, not yet answered by the platform.</summary>
    public const string Pending = "pending";

    /// <summary>The platform made a referral (ReferralId).</summary>
    public const string Created = "created";

    /// <summary>Sent before with this reference: the platform answered the first referral again (ReferralId), nothing new was made.</summary>
    public const string AlreadyReceived = "already-received";

    /// <summary>The platform refused the row (its errors, from the platform's problem).</summary>
    public const string Refused = "refused";

    /// <summary>The platform could not be reached or failed; sending the batch again is safe.</summary>
    public const string Failed = "failed";
}
