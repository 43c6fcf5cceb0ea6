using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.ServiceDefaults.Idempotency;

/// <summary>
/// Idempotency-Key on a create: the first request with a key runs and its successful answer is kept; a
/// retry with the same key and body gets that answer again (with Idempotent-Replayed: true) and creates
/// nothing; the same key with another body is 422; a retry racing the first changes nothing and hears 409 (or the
/// first's answer). Keys belong to the client that chose them. A failed create keeps nothing, so it can be retried.
/// </summary>
public static class IdempotentCreate
{
    private const int MaxHashedBody = 1024 * 1024;

    /// <summary>A key without an answer this old belongs to a create that committed and then lost its answer (its replica died).</summary>
    private static readonly TimeSpan AnswerLostAfter = TimeSpan.FromSeconds(10);

    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AcceptsIdempotencyKey().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var (key, problem) = IdempotencyKey.Read(http.Request);
            if (key.Length == 0)
            {
                return await next(context);
            }
            if (http.Request.ContentLength > MaxHashedBody)
            {
                return await next(context); // the handler refuses a body this size anyway
            }
            return problem ?? await RunOnceAsync(context, next, key);
        });

    private static async Task<object?> RunOnceAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string key)
    {
        var http = context.HttpContext;
        var store = http.RequestServices.GetRequiredService<IIdempotencyStore>();
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var cancellationToken = http.RequestAborted;
        var requestHash = await RequestHashAsync(http.Request);
        if (requestHash is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large.", $"The body must be at most {MaxHashedBody} bytes.");
        }
        // Not looked up first: a first attempt is the common case, and a retry finds its key where it cannot commit.
        return await RunAndKeepAsync(context, next, store, new IdempotencyClaim(http.Caller().ClientId, Hash(Encoding.UTF8.GetBytes(key)),
            requestHash, time.GetUtcNow()));
    }

    private static IResult Answer(HttpContext http, IdempotencyClaim ids, IdempotencyRecord existing)
    {
        if (existing.RequestHash != ids.RequestHash)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused.",
                "This Idempotency-Key was first used with a different request; use a new key for a new one.");
        }
        if (existing.StatusCode is { } status)
        {
            return Replay(http, existing, status);
        }
        return ids.Now - existing.CreatedAt <= AnswerLostAfter
            ? Problem(StatusCodes.Status409Conflict, "Still in progress.", "The first request with this Idempotency-Key has not finished yet.")
            : Problem(StatusCodes.Status409Conflict, "Done, answer lost.",
                "The first request with this Idempotency-Key took effect, but its answer was lost. Look the result up rather than sending it again.");
    }

    /// <summary>
    /// Runs the handler into a buffer so its answer can be kept, then sends it on. The handler's transaction waits for the
    /// answer and commits with the key and the answer (<see cref="PendingKey"/>); when another request with the key
    /// committed first, this one changed nothing and is answered as a retry (the first's answer, 422 for another body, or
    /// 409). A handler that answered with a failure frees the key for a retry; one that failed changed nothing.
    /// </summary>
    private static async Task<object?> RunAndKeepAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, IIdempotencyStore store,
        IdempotencyClaim ids)
    {
        var http = context.HttpContext;
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var pending = new PendingKey(ids);
        IdempotentRequest.Current = pending;
        try
        {
            if (await next(context) is IResult result)
            {
                await result.ExecuteAsync(http);
            }
            if (http.Response.StatusCode is >= 200 and < 300)
            {
                await KeepAsync(store, http, pending, buffer);
            }
            else if (pending.Holding || pending.Taken)
            {
                await pending.CommitHeldAsync(); // its effect stands; its failure is not kept
                await store.ReleaseAsync(ids);
            }
            else if (await store.FindAsync(ids, http.RequestAborted) is { } earlier)
            {
                // A retry of a request that took effect fails on what the first changed (an If-Match now stale): the first's answer stands.
                Discard(http, original);
                return Answer(http, ids, earlier);
            }
        }
        catch (IdempotencyClaimLostException)
        {
            Discard(http, original);
            return await store.FindAsync(ids, http.RequestAborted) is { } first
                ? Answer(http, ids, first)
                : Problem(StatusCodes.Status409Conflict, "Try again.", "The first request with this Idempotency-Key has just failed; send it again.");
        }
        catch (Exception) when (!pending.Taken)
        {
            // A retry can trip over the rows its first attempt wrote before reaching its own commit: the first's answer stands.
            Discard(http, original);
            await pending.RollBackHeldAsync();
            if (await store.FindAsync(ids, http.RequestAborted) is { } earlier)
            {
                return Answer(http, ids, earlier);
            }
            throw;
        }
        finally
        {
            http.Response.Body = original;
            IdempotentRequest.Current = null;
            await pending.RollBackHeldAsync(); // only when something above failed before committing it
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>Drops what the handler answered (its status, Location, ETag and body), for another answer.</summary>
    private static void Discard(HttpContext http, Stream original)
    {
        http.Response.Body = original;
        http.Response.Clear();
    }

    /// <summary>
    /// Keeps a success's answer with its key: in the held transaction of its effect, or after a commit the request made
    /// earlier. A create that succeeded is answered even if its answer cannot be kept apart; the key then reports "done, answer lost".
    /// </summary>
    private static async Task KeepAsync(IIdempotencyStore store, HttpContext http, PendingKey pending, MemoryStream buffer)
    {
        var answer = new IdempotencyAnswer(http.Response.StatusCode,
            http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            http.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null,
            Encoding.UTF8.GetString(buffer.ToArray()));
        if (await pending.CommitHeldAsync(answer))
        {
            return;
        }
        try
        {
            await store.CompleteAsync(pending.Claim, answer);
        }
        catch (DbException ex)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdempotentCreate))
                .LogError(ex, "Could not keep the answer to an idempotent create; its key will report an unknown outcome");
        }
    }

    private static IResult Replay(HttpContext http, IdempotencyRecord answer, int status)
    {
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (answer.Location is not null)
        {
            http.Response.Headers.Location = answer.Location;
        }
        if (answer.Etag is not null)
        {
            http.Response.Headers.ETag = answer.Etag;
        }
        return Results.Text(answer.Body ?? "", "application/json", Encoding.UTF8, status);
    }

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>Null when the body is larger than any create accepts (a chunked body has no Content-Length to check first).</summary>
    private static async Task<string?> RequestHashAsync(HttpRequest request)
    {
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxHashedBody);
        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        }
        catch (IOException)
        {
            return null;
        }
        request.Body.Position = 0;
        return Hash([.. Encoding.UTF8.GetBytes(request.Method + " " + request.Path + "\n"), .. body.ToArray()]);
    }

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
