using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Yisp.Reporting.Domain.Disclosure;

/// <summary>Why a figure is not shown. Kept for tests and logs; never published.</summary>
public enum Suppression
{
    None,

    /// <summary>A count from 1 to the threshold, or a figure derived from one.</summary>
    Primary,

    /// <summary>Withheld so that a primary suppression cannot be worked out from the other figures and the totals.</summary>
    Secondary,

    /// <summary>Read back from published output, where the reason is not shown.</summary>
    Unknown,
}

/// <summary>
/// One published figure: a number or the suppression marker. JSON writes it as a number or the marker string
/// (<c>12</c>, <c>"c"</c>); the reason is not written.
/// </summary>
[JsonConverter(typeof(PublishedValueJsonConverter))]
public sealed record PublishedValue
{
    private PublishedValue(decimal? number, string? marker, Suppression suppression)
    {
        Number = number;
        Marker = marker;
        Suppression = suppression;
    }

    /// <summary>The figure, null when suppressed.</summary>
    public decimal? Number { get; }

    /// <summary>The marker shown instead of the figure, null when shown.</summary>
    public string? Marker { get; }

    public Suppression Suppression { get; }

    public bool IsSuppressed => Marker is not null;

    public static PublishedValue Of(decimal number) => new(number, null, Suppression.None);

    public static PublishedValue Suppressed(string marker, Suppression why)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        return why == Suppression.None
            ? throw new ArgumentOutOfRangeException(nameof(why), "A suppressed figure has a reason.")
            : new PublishedValue(null, marker, why);
    }

    /// <summary>The figure as published text: the marker, or the number in invariant culture.</summary>
    public override string ToString() => Marker ?? Number!.Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A derived column as published: one value per row, null where the figure does not exist.</summary>
public sealed record PublishedDerivedColumn(string Label, IReadOnlyList<PublishedValue?> Values);

/// <summary>
/// A table after disclosure control: every figure that leaves the service (JSON, CSV, dashboard) is read from here.
/// Totals are null when the table does not publish them.
/// </summary>
public sealed record PublishedTable(
    string Title,
    string Definition,
    string RowHeading,
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels,
    IReadOnlyList<IReadOnlyList<PublishedValue>> Cells,
    IReadOnlyList<PublishedValue>? RowTotals,
    IReadOnlyList<PublishedValue>? ColumnTotals,
    PublishedValue? GrandTotal,
    IReadOnlyList<PublishedDerivedColumn> Derived)
{
    /// <summary>The label of the total column and the total row.</summary>
    public const string TotalLabel = "Total";
}

/// <summary>Writes a <see cref="PublishedValue"/> as a JSON number or the marker string; reads either back.</summary>
public sealed class PublishedValueJsonConverter : JsonConverter<PublishedValue>
{
    public override PublishedValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => PublishedValue.Of(reader.GetDecimal()),
        JsonTokenType.String when reader.GetString() is { Length: > 0 } marker => PublishedValue.Suppressed(marker, Suppression.Unknown),
        _ => throw new JsonException("A published figure is a number or a suppression marker."),
    };

    public override void Write(Utf8JsonWriter writer, PublishedValue value, JsonSerializerOptions options)
    {
        if (value.Marker is { } marker)
        {
            writer.WriteStringValue(marker);
        }
        else
        {
            writer.WriteNumberValue(value.Number!.Value);
        }
    }
}
