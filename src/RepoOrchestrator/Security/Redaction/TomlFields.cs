using Tomlyn.Model;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>Typed reads from a parsed TOML table; a wrong type throws <see cref="InvalidDataException"/> naming the field.</summary>
internal static class TomlFields
{
    public static string RequiredString(TomlTable table, string key, string where) =>
        OptionalString(table, key, where) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidDataException($"{where} has no '{key}'");

    public static string? OptionalString(TomlTable table, string key, string where) =>
        table.TryGetValue(key, out var value) switch
        {
            false => null,
            true when value is string text => text,
            _ => throw new InvalidDataException($"{where}: '{key}' must be a string"),
        };

    public static long? OptionalInteger(TomlTable table, string key, string where) =>
        table.TryGetValue(key, out var value) switch
        {
            false => null,
            true when value is long number => number,
            _ => throw new InvalidDataException($"{where}: '{key}' must be a whole number"),
        };

    public static double? OptionalNumber(TomlTable table, string key, string where) =>
        table.TryGetValue(key, out var value) switch
        {
            false => null,
            true when value is long number => number,
            true when value is double number && double.IsFinite(number) => number,
            _ => throw new InvalidDataException($"{where}: '{key}' must be a number"),
        };

    public static IReadOnlyList<string> StringArray(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return [];
        }

        if (value is not TomlArray array)
        {
            throw new InvalidDataException($"{where}: '{key}' must be an array of strings");
        }

        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is not string text || text.Length == 0)
            {
                throw new InvalidDataException($"{where}: '{key}' must hold only non-empty strings");
            }

            result.Add(text);
        }

        return result;
    }

    /// <summary>The tables under <paramref name="singleKey"/> (one table) and <paramref name="arrayKey"/> (an array of tables).</summary>
    public static IReadOnlyList<TomlTable> Tables(TomlTable table, string singleKey, string arrayKey, string where)
    {
        var result = new List<TomlTable>();
        if (table.TryGetValue(singleKey, out var single))
        {
            result.Add(single as TomlTable ?? throw new InvalidDataException($"{where}: '{singleKey}' must be a table"));
        }

        if (table.TryGetValue(arrayKey, out var many))
        {
            result.AddRange(many as TomlTableArray ?? throw new InvalidDataException($"{where}: '{arrayKey}' must be an array of tables ([[{arrayKey}]])"));
        }

        return result;
    }
}
