using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.ServiceDefaults.Idempotency;

/// <summary>The Idempotency-Key header as every service reads it: validated, and stored as a hash scoped to the calling client.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>The key (empty when none was sent), or a 400 naming the header.</summary>
    public static (string Key, ProblemHttpResult? Problem) Read(HttpRequest request)
    {
        var key = request.Headers[Header].ToString();
        return key.Length > MaxLength || key.Any(c => c is < '!' or > '~')
            ? (key, new ValidationErrors().Add(Header, $"must be at most {MaxLength} visible ASCII characters.").ToProblem())
            : (key, null);
    }

    /// <summary>
    /// Hashed, so every engine compares keys byte for byte (SQL Server's default collation ignores case), and
    /// prefixed with the client, so two agencies' systems choosing the same key never meet. Null when no key.
    /// </summary>
    public static string? Stored(HttpContext http, string key) =>
        key.Length == 0 ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(http.Caller().ClientId + "\n" + key)));
}
