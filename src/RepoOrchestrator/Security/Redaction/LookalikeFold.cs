using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// What the rules read a second time: the text with each character that stands for an ASCII one written as that ASCII
/// character, one UTF-16 unit for one, so every position (and so every range a rule reports) is the same in both texts
/// (the engine runs its rules on the text as it is and, when this changes it, on the folded text too). Unicode
/// blanks (no-break space U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000, U+1680) are a space; full-width forms
/// U+FF01-U+FF5E (<c>ｐａｓｓｗｏｒｄ＝</c>) their ASCII letter or sign. Without it a name and its value around a no-break
/// space or a full-width colon matched no rule. Line breaks the rules do not read as one are '\n': a lone CR (classic Mac
/// line ends, JSON white space), NEL, LS and PS (YAML 1.1 line breaks); without it a value on the line after
/// <c>password: |</c> or <c>"password":</c> in such a file was on the same line to the rules, and served. Typographic
/// quotes and hyphens are not folded: they are common in prose, and every text holding a foldable character is read
/// twice. ASCII text without a lone CR (nearly all code) costs one vectorised scan for each and is returned as it is.
/// </summary>
internal static class LookalikeFold
{
    private static readonly SearchValues<char> Foldable = SearchValues.Create(
        "\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000\u0085\u2028\u2029" +
        string.Concat(Enumerable.Range(0xFF01, 0xFF5E - 0xFF01 + 1).Select(c => (char)c)));

    /// <summary><paramref name="text"/> with its lookalikes folded; the same instance when it has none.</summary>
    public static string Apply(string text)
    {
        var first = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        var lookalike = first < 0 ? -1 : text.AsSpan(first).IndexOfAny(Foldable) is var at and >= 0 ? first + at : -1;
        var carriageReturn = LoneCarriageReturn(text, 0);
        if (lookalike < 0 && carriageReturn < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, lookalike, carriageReturn), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            if (state.lookalike >= 0)
            {
                var rest = span[state.lookalike..];
                var index = 0;
                while ((index = rest.IndexOfAny(Foldable)) >= 0)
                {
                    rest[index] = Fold(rest[index]);
                    rest = rest[(index + 1)..];
                }
            }

            for (var cr = state.carriageReturn; cr >= 0; cr = LoneCarriageReturn(state.text, cr + 1))
            {
                span[cr] = '\n';
            }
        });
    }

    // The first CR at or after `from` that no LF follows, or -1 (CRLF is a line break the rules read already).
    private static int LoneCarriageReturn(string text, int from)
    {
        var span = text.AsSpan();
        while (from < span.Length && span[from..].IndexOf('\r') is var at and >= 0)
        {
            from += at;
            if (from + 1 == span.Length || span[from + 1] != '\n')
            {
                return from;
            }

            from += 2;
        }

        return -1;
    }

    private static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFF01 + 0x21),
        '\u0085' or '\u2028' or '\u2029' => '\n',
        _ => ' ',
    };
}
