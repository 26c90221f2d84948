using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.Actions;

/// <summary>
/// Cuts an answer to a byte budget without ever cutting silently. Text keeps whole lines and ends with the
/// truncation marker and a line saying how to go on (for `/file`, the `start_line` to ask for next). JSON keeps
/// its shape: strings longer than <see cref="MaxStringChars"/> are shortened, then the largest list loses entries
/// from its end; `truncated` becomes true, a cursor computed for the uncut list is dropped (it would skip the
/// cut entries), and `actions_note` says what was cut and how to ask for less.
/// </summary>
internal static class ActionsBodyFitter
{
    public const int MaxStringChars = 2_000;
    public const string NoteProperty = "actions_note";
    private const string StringCut = " …[TRUNCATED]";
    private const int NoteReserve = 600;

    public static string Fit(string body, string? contentType, HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        var media = contentType?.Split(';')[0].Trim() ?? "";
        if (media.EndsWith("json", StringComparison.OrdinalIgnoreCase) && FitJson(body, maxBytes) is { } json)
        {
            return json;
        }

        return FitText(body, request, maxBytes);
    }

    private static string FitText(string body, HttpRequest request, int maxBytes)
    {
        var kept = OutputLimits.CutToBytes(body, maxBytes - NoteReserve);
        var lastNewline = kept.LastIndexOf('\n');
        var wholeLines = lastNewline < 0 ? 0 : kept[..(lastNewline + 1)].Count(c => c == '\n');
        if (wholeLines > 0)
        {
            kept = kept[..(lastNewline + 1)];
        }

        string next;
        if (request.Path.StartsWithSegments("/file", StringComparison.Ordinal))
        {
            var start = int.TryParse(request.Query["start_line"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;
            next = wholeLines > 0
                ? $"continue with start_line={start + wholeLines}"
                : $"line {start} alone is longer than that and cannot be served whole here";
        }
        else
        {
            next = "ask for less (a line range with start_line/end_line, mode=stat, a narrower path or ref range)";
        }

        return kept.TrimEnd('\n') + OutputLimits.TruncationMarker
            + $"truncated: true (the answer reached the 100,000-character limit of ChatGPT Actions; {next})\n";
    }

    private static string? FitJson(string body, int maxBytes)
    {
        if (JsonNode.Parse(body) is not JsonObject root)
        {
            return null;
        }

        var budget = maxBytes - NoteReserve;
        var shortened = ShortenStrings(root);
        var list = root.Where(p => p.Value is JsonArray).OrderByDescending(p => Size(p.Value)).Select(p => (p.Key, Array: (JsonArray)p.Value!)).FirstOrDefault();
        var total = list.Array?.Count ?? 0;
        while (Size(root) > budget && list.Array is { Count: > 0 } array)
        {
            var excess = Size(root) - budget;
            var average = Math.Max(1, Size(array) / array.Count);
            for (var drop = Math.Clamp(excess / average, 1, array.Count); drop > 0; drop--)
            {
                array.RemoveAt(array.Count - 1);
            }
        }

        if (Size(root) > budget)
        {
            return null; // nothing left to cut in this shape: served as text, cut and marked
        }

        var cuts = new List<string>();
        if (shortened > 0)
        {
            cuts.Add($"{shortened} long text value(s) shortened to 2,000 characters (marked `…[TRUNCATED]`)");
        }

        if (list.Array is { } kept && kept.Count < total)
        {
            cuts.Add($"`{list.Key}` cut to its first {kept.Count} of {total} entries");
            foreach (var cursor in root.Select(p => p.Key).Where(k => k.Contains("cursor", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                root.Remove(cursor); // it pointed past the entries cut here
            }
        }

        root["truncated"] = true;
        root[NoteProperty] = $"Cut to fit the 100,000-character limit of ChatGPT Actions: {string.Join("; ", cuts)}. "
            + "Ask for less to see the rest: a narrower path, a smaller max_depth, a more specific query, a line range.";
        return root.ToJsonString();
    }

    private static int ShortenStrings(JsonNode? node)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > MaxStringChars)
                    {
                        obj[key] = Shorten(text);
                        count++;
                    }
                    else
                    {
                        count += ShortenStrings(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > MaxStringChars)
                    {
                        array[i] = Shorten(text);
                        count++;
                    }
                    else
                    {
                        count += ShortenStrings(array[i]);
                    }
                }

                break;
        }

        return count;
    }

    private static string Shorten(string text)
    {
        var cut = MaxStringChars;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--; // never half a surrogate pair
        }

        return text[..cut] + StringCut;
    }

    private static int Size(JsonNode? node) => node is null ? 4 : Encoding.UTF8.GetByteCount(node.ToJsonString(SerializerOptions));

    private static readonly JsonSerializerOptions SerializerOptions = new() { WriteIndented = false };
}
