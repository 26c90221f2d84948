using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// What the rules read a second time: the text with each character that stands for an ASCII one written as that ASCII
/// character, one UTF-16 unit for one, so every position (and so every range a rule reports) is the same in both texts
/// (the engine runs its rules on the text as it is and, when this changes it, on the folded text too). Unicode
/// blanks (no-break space U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000, U+1680) are a space; full-width forms
/// U+FF01-U+FF5E (<c>ｐａｓｓｗｏｒｄ＝</c>) their ASCII letter or sign. Without it a name and its value around a no-break
/// space or a full-width colon matched no rule. Typographic quotes and hyphens are not folded: they are common in prose,
/// and every text holding a foldable character is read twice. Pure ASCII text (nearly all code) costs one vectorised
/// scan and is returned as it is.
/// </summary>
internal static class LookalikeFold
{
    private static readonly SearchValues<char> Foldable = SearchValues.Create(
        "\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000" +
        string.Concat(Enumerable.Range(0xFF01, 0xFF5E - 0xFF01 + 1).Select(c => (char)c)));

    /// <summary><paramref name="text"/> with its lookalikes folded; the same instance when it has none.</summary>
    public static string Apply(string text)
    {
        var first = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        if (first < 0)
        {
            return text;
        }

        var at = text.AsSpan(first).IndexOfAny(Foldable);
        if (at < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first + at), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            var rest = span[state.Item2..];
            var index = 0;
            while ((index = rest.IndexOfAny(Foldable)) >= 0)
            {
                rest[index] = Fold(rest[index]);
                rest = rest[(index + 1)..];
            }
        });
    }

    private static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFF01 + 0x21),
        _ => ' ',
    };
}
