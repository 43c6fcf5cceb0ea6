using Microsoft.AspNetCore.Builder;

namespace Yisp.ServiceDefaults.Http;

/// <summary>The endpoint changes an existing resource and needs If-Match with the ETag last read (428 without, 412 when stale).</summary>
public sealed class RequiresIfMatchMetadata;

/// <summary>The endpoint creates something and takes an optional Idempotency-Key (a retry with the same key and body creates nothing).</summary>
public sealed class AcceptsIdempotencyKeyMetadata;

/// <summary>Metadata the OpenAPI documents read, so every endpoint following a convention is described the same way.</summary>
public static class ApiConventions
{
    public static TBuilder RequiresIfMatch<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RequiresIfMatchMetadata());

    public static TBuilder AcceptsIdempotencyKey<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new AcceptsIdempotencyKeyMetadata());
}
