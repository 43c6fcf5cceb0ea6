using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Yisp.ServiceDefaults.Security;

/// <summary>Who is calling, as the access token says: the client system, its agency, the person if any, roles and scopes.</summary>
public sealed record Caller(string ClientId, string Agency, string? User, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes)
{
    /// <summary>Coordinators and panel members work across agencies on the panel's cases.</summary>
    public bool SeesAllAgencies => Roles.Contains(PlatformRoles.Coordinator) || Roles.Contains(PlatformRoles.PanelMember);

    public static Caller From(ClaimsPrincipal principal)
    {
        var clientId = principal.FindFirstValue(PlatformClaims.ClientId) ?? principal.FindFirstValue("azp") ?? "";
        var subject = principal.FindFirstValue(PlatformClaims.Subject);
        return new Caller(
            clientId,
            principal.FindFirstValue(PlatformClaims.Agency) ?? "",
            subject is not null && subject != clientId ? subject : null,
            principal.FindAll(PlatformClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            ScopesOf(principal));
    }

    /// <summary>RFC 9068 puts scopes in one space-separated claim; some providers send one claim per scope.</summary>
    public static IReadOnlySet<string> ScopesOf(ClaimsPrincipal principal) =>
        principal.FindAll(PlatformClaims.Scope)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
}

public static class CallerHttpContextExtensions
{
    public static Caller Caller(this HttpContext context) =>
        context.Items.TryGetValue(typeof(Caller), out var cached) && cached is Caller caller
            ? caller
            : (Caller)(context.Items[typeof(Caller)] = Security.Caller.From(context.User));
}
