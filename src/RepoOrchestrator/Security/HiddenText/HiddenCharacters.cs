using System.Buffers;
using System.Globalization;
using System.Text;

namespace RepoOrchestrator.Security.HiddenText;

/// <summary>
/// Characters that change what a reader (human or model) takes from a text without being seen: Unicode tag
/// characters U+E0000-U+E007F (invisible ASCII, used to hide prompt injections), bidirectional controls U+202A-U+202E,
/// U+2066-U+2069, U+200E, U+200F, U+061C (Trojan Source, CVE-2021-42574), zero-width characters U+200B-U+200D,
/// U+2060, U+FEFF, and the soft hyphen U+00AD (unseen except where a line breaks: pass\u00ADword). <see cref="Reveal"/> writes each one as <c>&lt;U+XXXX&gt;</c> so it can be seen and is not
/// obeyed. A byte-order mark U+FEFF is revealed everywhere, also at the start of a file: one rule, no position to
/// reason about, and a served slice rarely starts at byte 0. One pass, linear in the text; the same instance and no
/// allocation when there is nothing to reveal (the common case).
/// </summary>
public static class HiddenCharacters
{
    // BMP members; tag characters are surrogate pairs (high U+DB40, low U+DC00-U+DC7F) and are found by their high half.
    private static readonly SearchValues<char> Candidates = SearchValues.Create(
        "\u00AD\u061C\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF\uDB40");

    /// <summary>The number of hidden characters in <paramref name="text"/>.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        var at = text.IndexOfAny(Candidates);
        while (at >= 0)
        {
            var width = HiddenAt(text, at);
            count += width > 0 ? 1 : 0;
            var next = at + Math.Max(width, 1);
            var rest = text[next..].IndexOfAny(Candidates);
            at = rest < 0 ? -1 : next + rest;
        }

        return count;
    }

    /// <summary><paramref name="text"/> with every hidden character written as <c>&lt;U+XXXX&gt;</c>; the same instance when none.</summary>
    public static string Reveal(string text, out int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Rewrite(text, reveal: true, out count);
    }

    /// <summary><paramref name="text"/> without its hidden characters (what a secret looks like once they are taken out).</summary>
    public static string Strip(string text, out int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Rewrite(text, reveal: false, out count);
    }

    private static string Rewrite(string text, bool reveal, out int count)
    {
        count = 0;
        var span = text.AsSpan();
        var at = span.IndexOfAny(Candidates);
        StringBuilder? builder = null;
        var copied = 0;
        while (at >= 0)
        {
            var width = HiddenAt(span, at);
            if (width > 0)
            {
                builder ??= new StringBuilder(text.Length + 16);
                builder.Append(span[copied..at]);
                if (reveal)
                {
                    var scalar = width == 2 ? char.ConvertToUtf32(span[at], span[at + 1]) : span[at];
                    builder.Append("<U+").Append(scalar.ToString("X4", CultureInfo.InvariantCulture)).Append('>');
                }

                copied = at + width;
                count++;
            }

            var next = at + Math.Max(width, 1);
            var rest = span[next..].IndexOfAny(Candidates);
            at = rest < 0 ? -1 : next + rest;
        }

        return builder is null ? text : builder.Append(span[copied..]).ToString();
    }

    /// <summary>How many chars the hidden character at <paramref name="at"/> takes (1, or 2 for a tag), or 0 when it is none.</summary>
    private static int HiddenAt(ReadOnlySpan<char> text, int at)
    {
        if (text[at] != '\uDB40')
        {
            return 1; // every other candidate is itself hidden
        }

        // SECURITY: U+E0000-U+E007F is U+DB40 followed by U+DC00-U+DC7F; other pairs with U+DB40 are left alone.
        return at + 1 < text.Length && text[at + 1] is >= '\uDC00' and <= '\uDC7F' ? 2 : 0;
    }
}
