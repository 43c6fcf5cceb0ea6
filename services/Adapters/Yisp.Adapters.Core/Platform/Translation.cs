using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Yisp.Adapters.Platform;

/// <summary>One thing wrong with what an agency sent, named by a path in the agency's own format (JSON path, FHIRPath, XML element path).</summary>
public sealed record TranslationError(string Path, string Message);

/// <summary>What a translation gives: the value, or every error found (never both, never neither).</summary>
public sealed class Translation<T> where T : class
{
    private Translation(T? value, IReadOnlyList<TranslationError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<TranslationError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

    public static Translation<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), []);

    public static Translation<T> Failed(IReadOnlyList<TranslationError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failed translation names at least one error.", nameof(errors)) : new(null, errors);

    public static Translation<T> Failed(string path, string message) => Failed([new TranslationError(path, message)]);
}

/// <summary>
/// Collects every error of one message so the agency hears them all at once. The single-line and free-text checks are the
/// platform's own (docs/conventions.md, Validation), so what passes here is not refused by the referral service for its text.
/// </summary>
public sealed partial class TranslationErrors
{
    public const string IsRequired = "is required.";

    private readonly List<TranslationError> errors = [];

    public bool IsEmpty => errors.Count == 0;

    public IReadOnlyList<TranslationError> All => errors;

    public TranslationErrors Add(string path, string message)
    {
        errors.Add(new TranslationError(path, message));
        return this;
    }

    public void AddRange(IEnumerable<TranslationError> more) => errors.AddRange(more);

    /// <summary>A required single-line value (a name, a code, a reference), trimmed; null (and an error) when missing or bad.</summary>
    public string? Required(string path, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, IsRequired);
            return null;
        }
        return Optional(path, value, maxLength);
    }

    /// <summary>An optional single-line value, trimmed; null when absent, blank or bad (bad adds an error).</summary>
    public string? Optional(string path, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(path, $"must be at most {maxLength} characters.");
            return null;
        }
        if (trimmed.Any(IsForbiddenInLine))
        {
            Add(path, "must be one line of text without control characters.");
            return null;
        }
        return trimmed;
    }

    /// <summary>Optional free text: line breaks and tabs kept, other control characters refused.</summary>
    public string? OptionalText(string path, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(path, $"must be at most {maxLength} characters.");
            return null;
        }
        if (trimmed.Any(c => c is not ('\n' or '\r' or '\t') && IsForbiddenInLine(c)))
        {
            Add(path, "must be text without control characters other than line breaks and tabs.");
            return null;
        }
        return trimmed;
    }

    /// <summary>A required date of birth as yyyy-MM-dd, not in the future and not before the platform's earliest.</summary>
    public DateOnly? DateOfBirth(string path, string? value, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, IsRequired);
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(path, "must be a date as yyyy-MM-dd.");
            return null;
        }
        if (date > today)
        {
            Add(path, "must not be in the future.");
            return null;
        }
        if (date < ReferralLimits.EarliestDateOfBirth)
        {
            Add(path, $"must not be before {ReferralLimits.EarliestDateOfBirth:yyyy-MM-dd}.");
            return null;
        }
        return date;
    }

    /// <summary>A required date as yyyy-MM-dd, not in the future (a session held, a period reported on).</summary>
    public DateOnly? PastDate(string path, string? value, DateOnly today)
    {
        if (!DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(path, string.IsNullOrWhiteSpace(value) ? IsRequired : "must be a date as yyyy-MM-dd.");
            return null;
        }
        if (date > today)
        {
            Add(path, "must not be in the future.");
            return null;
        }
        return date;
    }

    /// <summary>A required UK postcode, normalised to upper case with one space before the inward code ("sw1a1aa" is "SW1A 1AA").</summary>
    public string? Postcode(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, IsRequired);
            return null;
        }
        var compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (compact.Length > 7 || !PostcodeFormat().IsMatch(compact))
        {
            Add(path, "must be a UK postcode, such as SW1A 1AA.");
            return null;
        }
        return $"{compact[..^3]} {compact[^3..]}";
    }

    public string? Email(string path, string? value)
    {
        var email = Optional(path, value, 254);
        if (email is not null && !EmailFormat().IsMatch(email))
        {
            Add(path, "must be an email address.");
            return null;
        }
        return email;
    }

    public string? Phone(string path, string? value)
    {
        var phone = Optional(path, value, 20);
        if (phone is not null && !PhoneFormat().IsMatch(phone))
        {
            Add(path, "must be a phone number of 7 to 20 digits, spaces or + ( ) -.");
            return null;
        }
        return phone;
    }

    /// <summary>Codes from a known list: each one that is not named by its index (<c>path[i]</c>).</summary>
    public List<string> Codes(string path, IReadOnlyList<string?> codes, IReadOnlySet<string> known, string message)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] is null || !known.Contains(codes[i]!))
            {
                Add($"{path}[{i}]", message);
            }
        }
        return [.. codes.OfType<string>()];
    }

    [GeneratedRegex("^(GIR0AA|[A-PR-UWYZ]([0-9][0-9A-HJKPS-UW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodeFormat();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailFormat();

    [GeneratedRegex(@"^\+?[0-9 ()-]{7,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneFormat();

    /// <summary>The value built from what was collected when nothing was wrong, else every error.</summary>
    public Translation<T> Result<T>(Func<T> build) where T : class =>
        IsEmpty ? Translation<T>.Ok(build()) : Translation<T>.Failed(errors.ToList());

    // NUL cannot be stored, other controls corrupt logs and screens, and bidi overrides make a name read differently than it sorts.
    private static bool IsForbiddenInLine(char c) => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}

/// <summary>The platform's limits on a referral's fields (the referral service's validation), checked before sending.</summary>
public static class ReferralLimits
{
    public const int MaxName = 100;
    public const int MaxReasons = 4000;
    public const int MaxParentsCarers = 6;
    public const int MaxAddressLine = 200;
    public const int MaxTown = 100;
    public const int MaxSchool = 200;
    public const int MaxSexOrGender = 50;
    public const int MaxRelationship = 50;
    public static readonly DateOnly EarliestDateOfBirth = new(1990, 1, 1);
}
