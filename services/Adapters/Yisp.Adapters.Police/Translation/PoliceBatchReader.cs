using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Police.Translation;

/// <summary>
/// A force's batch of notifications, as CSV (header row, RFC 4180 through CsvHelper) or as a JSON array of the same objects,
/// each row translated on its own: one bad row never stops the others. A reference that repeats an earlier row's is refused,
/// as the platform would answer the first row's referral again (or refuse another body under the same key).
/// </summary>
public static class PoliceBatchReader
{
    public const int MaxRows = 1000;

    public static PoliceBatch ReadCsv(string csv, DateOnly today)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, TrimOptions = TrimOptions.None, BadDataFound = null };
        using var reader = new CsvReader(new StringReader(csv), config);
        try
        {
            if (!reader.Read() || !reader.ReadHeader())
            {
                return PoliceBatch.Unreadable("line 1", "must be the header row: " + string.Join(",", PoliceNotification.Fields) + ".");
            }
            var header = reader.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var missing = PoliceNotification.RequiredFields.Except(header).ToList();
            var unknown = header.Except(PoliceNotification.Fields).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                return PoliceBatch.Unreadable("line 1", $"is missing columns [{string.Join(", ", missing)}] or has unknown ones [{string.Join(", ", unknown)}]; "
                    + $"the columns are {string.Join(", ", PoliceNotification.Fields)}.");
            }
            var rows = new List<PoliceBatchRow>();
            var lastLine = reader.Parser.RawRow;
            while (reader.Read())
            {
                // A quoted field may hold line breaks, so a row starts on the line after the previous row ended.
                var line = lastLine + 1;
                lastLine = reader.Parser.RawRow;
                if (rows.Count == MaxRows)
                {
                    return PoliceBatch.Unreadable($"line {line}", $"is past the {MaxRows} rows a batch may hold.");
                }
                var row = PoliceNotification.FromFields(f => header.IndexOf(f) is var i and >= 0 && i < reader.Parser.Count ? reader.GetField(i) : null);
                rows.Add(Translate(line, row, today));
            }
            return new PoliceBatch(MarkRepeats(rows), []);
        }
        catch (CsvHelperException e)
        {
            return PoliceBatch.Unreadable($"line {reader.Parser.RawRow}", $"is not CSV: {e.Message.Split('\n')[0]}");
        }
    }

    public static PoliceBatch ReadJson(string json, DateOnly today)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return PoliceBatch.Unreadable("", $"is not JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return PoliceBatch.Unreadable("", "must be a JSON array of notifications.");
            }
            if (document.RootElement.GetArrayLength() > MaxRows)
            {
                return PoliceBatch.Unreadable("", $"must hold at most {MaxRows} notifications.");
            }
            var rows = document.RootElement.EnumerateArray().Select((element, index) => JsonRow(index, element, today)).ToList();
            return new PoliceBatch(MarkRepeats(rows), []);
        }
    }

    private static PoliceBatchRow JsonRow(int index, JsonElement element, DateOnly today)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new PoliceBatchRow(index, null, Translation<ReferralRequest>.Failed($"[{index}]", "must be an object."));
        }
        var errors = new List<TranslationError>();
        foreach (var property in element.EnumerateObject())
        {
            if (!PoliceNotification.Fields.Contains(property.Name))
            {
                errors.Add(new TranslationError(property.Name, "is not a known property."));
            }
            else if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                errors.Add(new TranslationError(property.Name, "must be a string."));
            }
        }
        var row = PoliceNotification.FromFields(f =>
            element.TryGetProperty(f, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null);
        var translated = Translate(index, row, today);
        return errors.Count == 0 ? translated
            : translated with { Translation = Translation<ReferralRequest>.Failed(errors.Concat(translated.Translation.Errors).ToList()) };
    }

    private static PoliceBatchRow Translate(int line, PoliceNotification row, DateOnly today)
    {
        var reference = PoliceRowTranslator.Reference(row.Reference, new TranslationErrors());
        return new PoliceBatchRow(line, reference, PoliceRowTranslator.Translate(row, today));
    }

    private static List<PoliceBatchRow> MarkRepeats(List<PoliceBatchRow> rows)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Reference is not { } reference)
            {
                continue;
            }
            if (first.TryGetValue(reference, out var earlier))
            {
                var error = new TranslationError("reference", $"repeats the reference of row {earlier}: each child's notification once per batch.");
                rows[i] = rows[i] with { Translation = Translation<ReferralRequest>.Failed([.. rows[i].Translation.Errors, error]) };
            }
            else
            {
                first[reference] = rows[i].Line;
            }
        }
        return rows;
    }
}
