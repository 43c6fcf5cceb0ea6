using Yisp.Adapters.Inbound;
using Yisp.Adapters.Platform;
using Yisp.Adapters.Police.Translation;

namespace Yisp.Adapters.Police;

/// <summary>The answer to a batch: what happened to each row, by its line and the force's reference.</summary>
public sealed record BatchReport(int Rows, int Created, int AlreadyReceived, int NotAccepted, IReadOnlyList<PoliceRowReport> Report);

/// <summary>
/// A force's side: batches of notifications (CSV or JSON) of children involved in anti-social behaviour or
/// offending. Each row becomes a referral (or joins the child's case), keyed by the force's reference, so a batch sent
/// twice creates nothing twice; the answer reports every row.
/// </summary>
public static class PoliceApi
{
    public static IEndpointRouteBuilder MapPoliceApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/batches", BatchAsync).RequireAuthorization(AdapterExtensions.OwnAgencyPolicy)
            .WithSummary("A batch of notifications: text/csv with a header row, or a JSON array")
            .WithDescription("Every row is answered by its line (CSV, the header being line 1) or index (JSON) and the force's reference.");
        return endpoints;
    }

    private static async Task<IResult> BatchAsync(HttpRequest request, InboundReferrals referrals, AdapterMetrics metrics, TimeProvider time,
        CancellationToken cancellationToken)
    {
        metrics.Received.Add(1);
        if (await InboundBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Results.Json(new { errors = new[] { new TranslationError("", $"the batch is larger than {InboundBody.MaxBytes} bytes.") } },
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var batch = request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true
            ? PoliceBatchReader.ReadCsv(body, today)
            : PoliceBatchReader.ReadJson(body, today);
        if (!batch.Readable)
        {
            metrics.Refused.Add(1);
            return Results.Json(new { errors = batch.BatchErrors }, statusCode: StatusCodes.Status400BadRequest);
        }
        var report = new List<PoliceRowReport>(batch.Rows.Count);
        foreach (var row in batch.Rows)
        {
            report.Add(row is { Translation.Succeeded: true, IdempotencyKey: { } key }
                ? Answered(row, await referrals.SubmitAsync(row.Translation.Value, key, cancellationToken))
                : row.Report());
        }
        return Results.Ok(new BatchReport(report.Count, report.Count(r => r.Outcome == PoliceRowOutcome.Created),
            report.Count(r => r.Outcome == PoliceRowOutcome.AlreadyReceived), report.Count(r => r.Outcome is not (PoliceRowOutcome.Created or PoliceRowOutcome.AlreadyReceived)),
            report));
    }

    /// <summary>A replayed answer (the same reference sent before) says so; a refusal carries the platform's reasons.</summary>
    private static PoliceRowReport Answered(PoliceBatchRow row, PlatformAnswer answer) => answer switch
    {
        { Succeeded: true, Replayed: true } => new(row.Line, row.Reference, PoliceRowOutcome.AlreadyReceived, [], answer.Id),
        { Succeeded: true } => new(row.Line, row.Reference, PoliceRowOutcome.Created, [], answer.Id),
        { Status: >= 400 and < 500 } => new(row.Line, row.Reference, PoliceRowOutcome.Refused, InboundReferrals.Refusal(answer), null),
        _ => new(row.Line, row.Reference, PoliceRowOutcome.Failed, [new TranslationError("", $"the platform answered {answer.Status}; send the row again")], null),
    };
}
