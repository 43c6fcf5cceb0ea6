using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Data;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Audit;

public static class AuditExtensions
{
    /// <summary>The service keeps its own audit trail in its own database, chained with the configured key.</summary>
    public static WebApplicationBuilder AddAuditTrail(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AuditOptions>(builder.Configuration, AuditOptions.Section)
            .Validate(o => IsKey(o.ChainKey), "Audit:ChainKey must be base64 of at least 32 bytes.");
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<AuditQueue>();
        builder.Services.AddHostedService<AuditWriter>();
        builder.Services.AddHostedService<AuditCheckpointJob>();
        builder.Services.AddSingleton<IRequestPipelineStage, AuditStage>();
        builder.Services.AddMigrations(typeof(AuditExtensions).Assembly);
        return builder;
    }

    private static bool IsKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }

    /// <summary>Every call to these endpoints is recorded; <paramref name="routeKey"/> names the route value that identifies the record.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder endpoints, string resourceType, string purpose, string? routeKey = null)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new AuditedResource(resourceType, purpose, routeKey));

    /// <summary>
    /// The trail for auditors (query and verify) and, for any caller with the audit scope, who touched the
    /// records its own agency contributed.
    /// </summary>
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var api = endpoints.MapGroup(prefix + "/audit").WithTags("Audit").RequireScope(PlatformScopes.Audit);
        api.MapGet("/", QueryAsync).RequireRole(PlatformRoles.Auditor)
            .Produces<AuditPage>().ProducesValidationProblem()
            .WithSummary("Search the audit trail (auditors)")
            .WithDescription("Every call this service recorded, filtered by record, agency, owning agency, client, outcome and time, in sequence " +
                "order from `after`, up to `limit` (1 to 500, default 100); `next` is the `after` for the following page. Auditors only (403 otherwise).");
        api.MapGet("/verify", VerifyAsync).RequireRole(PlatformRoles.Auditor)
            .Produces<AuditVerification>().ProducesValidationProblem()
            .WithSummary("Verify the audit trail's hash chain (auditors)")
            .WithDescription("Checks that no audit record was changed, removed or inserted; with `checkpoint` (sequence:hash, as logged hourly) " +
                "also that the chain still holds that checkpoint. Auditors only (403 otherwise).");
        api.MapGet("/contributed", (HttpContext http, AuditTrail trail, long? after, int? limit, CancellationToken ct) =>
            AnswerAsync(trail, new AuditQuery(OwnerAgency: http.Caller().Agency), after, limit, ct))
            .Produces<AuditPage>().ProducesValidationProblem()
            .WithSummary("Who touched your agency's records")
            .WithDescription("The audit records of calls, by anyone, on records your agency contributed (e.g. referrals it made), in sequence " +
                "order from `after`, up to `limit` (1 to 500). Any caller with the audit scope.");
        return api;
    }

    private static async Task<IResult> VerifyAsync(AuditTrail trail, string? checkpoint, CancellationToken ct)
    {
        var mark = AuditCheckpoint.Parse(checkpoint);
        if (checkpoint is not null && mark is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["checkpoint"] = ["must be sequence:hash (64 hex digits)."] });
        }
        return TypedResults.Ok(await trail.VerifyAsync(ct, mark));
    }

    private static Task<IResult> QueryAsync(AuditTrail trail, string? resourceId, string? agency, string? ownerAgency, string? clientId,
        string? outcome, DateTimeOffset? from, DateTimeOffset? to, long? after, int? limit, CancellationToken ct) =>
        AnswerAsync(trail, new AuditQuery(resourceId, agency, ownerAgency, clientId, outcome, from, to), after, limit, ct);

    private static async Task<IResult> AnswerAsync(AuditTrail trail, AuditQuery query, long? after, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > 500 || after is < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [limit is < 1 or > 500 ? "limit" : "after"] = [limit is < 1 or > 500 ? "must be from 1 to 500." : "must not be negative."],
            });
        }
        var records = await trail.QueryAsync(query with { After = after ?? 0, Limit = limit ?? 100 }, ct);
        return TypedResults.Ok(new { records, next = records.Count == (limit ?? 100) ? records[^1].Sequence : (long?)null });
    }

    /// <summary>
    /// `audit-verify [--checkpoint sequence:hash]`: checks the chain (and that it still holds the checkpoint)
    /// and exits 0 when intact, 1 (listing what is wrong) when not, 2 on a malformed checkpoint.
    /// </summary>
    public static async Task<bool> TryRunAuditCommandAsync(this WebApplication app, string[] args)
    {
        if (args is not ["audit-verify", ..])
        {
            return false;
        }
        var checkpoint = args is [_, "--checkpoint", var text, ..] ? AuditCheckpoint.Parse(text) : null;
        if (args is [_, "--checkpoint", ..] && checkpoint is null)
        {
            Console.Error.WriteLine("--checkpoint must be sequence:hash, as the service logs it (\"Audit checkpoint ...\").");
            Environment.ExitCode = 2;
            return true;
        }
        var result = await app.Services.GetRequiredService<AuditTrail>().VerifyAsync(CancellationToken.None, checkpoint);
        Console.WriteLine(result.Intact ? $"Audit trail intact: {result.Records} records." : $"Audit trail NOT intact ({result.Records} records):");
        foreach (var problem in result.Problems)
        {
            Console.WriteLine("  " + problem);
        }
        Environment.ExitCode = result.Intact ? 0 : 1;
        return true;
    }

    private sealed class AuditStage : IRequestPipelineStage
    {
        public void Configure(IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();
    }
}

/// <summary>A page of the audit trail as the API answers it (for the OpenAPI document): <c>next</c> is the <c>after</c> of the following page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, long? Next);
