using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Yisp.ServiceDefaults.Http;

/// <summary>
/// An opaque cursor over a list ordered by when each item last changed, then by id: what an agency system passes back to
/// hear only what changed since. Lists answer items changed before a settled instant (a few seconds ago), so an item whose
/// change commits late is never passed over.
/// </summary>
public static class ChangeCursor
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static readonly (DateTimeOffset At, Guid Id) Start = (new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.Empty);

    public static string Write(DateTimeOffset at, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The position a cursor names (<see cref="Start"/> when absent); an error naming <paramref name="field"/> when it is not one.</summary>
    public static (DateTimeOffset At, Guid Id) Read(ValidationErrors errors, string field, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Start;
        }
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }
        errors.Add(field, "must be a cursor this endpoint answered (its `next`).");
        return Start;
    }

    /// <summary>The cursor after a page: its last item's, or the one asked from when the page is empty.</summary>
    public static string Next<T>(IReadOnlyList<T> items, Func<T, DateTimeOffset> at, Func<T, Guid> id, string? asked) =>
        items.Count > 0 ? Write(at(items[^1]), id(items[^1])) : asked ?? Write(Start.At, Start.Id);
}

/// <summary>The query of a list by change: read as text, so a bad value is a 400 naming it.</summary>
public sealed record ChangesQuery([property: FromQuery(Name = "after")] string? After, [property: FromQuery(Name = "limit")] string? Limit)
{
    /// <summary>The position to list from and how many (1-500, 100 by default), or the errors naming <c>after</c> and <c>limit</c>.</summary>
    public ValidationErrors Read(out (DateTimeOffset At, Guid Id) after, out int limit)
    {
        var errors = new ValidationErrors();
        after = ChangeCursor.Read(errors, "after", After);
        limit = (int)errors.Number("limit", Limit, 100, 1, 500);
        return errors;
    }
}
