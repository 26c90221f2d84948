using System.Text;
using RepoOrchestrator.Security.HiddenText;

namespace RepoOrchestrator.Index;

/// <summary>
/// One-trigram alternatives that together admit every file holding a hidden character (<see cref="HiddenCharacters"/>):
/// the first three UTF-8 bytes of each, or for a two-byte one (U+061C) those two bytes with each possible next byte (a
/// hidden character can only join text when something follows it on its line). Computed from
/// <see cref="HiddenCharacters"/> itself, so the set follows it.
/// SECURITY: a line whose stripped text shows a secret is served with its hidden characters removed
/// (<see cref="RevealingRedaction"/>), which can put side by side text that the raw file does not have side by side; a
/// plan for a search judged on every served line must not rule such a file out.
/// </summary>
internal static class HiddenTextTrigrams
{
    /// <summary>The alternatives, or null when some hidden character is a single byte (nothing can be ruled out).</summary>
    public static IReadOnlyList<uint[]>? Alternatives { get; } = Compute();

    private static List<uint[]>? Compute()
    {
        var grams = new SortedSet<uint>();
        Span<char> chars = stackalloc char[2];
        Span<byte> bytes = stackalloc byte[4];
        for (var code = 0; code <= 0x10FFFF; code++)
        {
            if (!Rune.IsValid(code))
            {
                continue;
            }

            var rune = new Rune(code);
            var length = rune.EncodeToUtf16(chars);
            if (HiddenCharacters.Count(chars[..length]) == 0)
            {
                continue;
            }

            var utf8 = rune.EncodeToUtf8(bytes);
            if (utf8 == 1)
            {
                return null;
            }

            if (utf8 == 2)
            {
                for (var next = 0; next <= 0xFF; next++)
                {
                    grams.Add(Trigram.Of(bytes[0], bytes[1], (byte)next));
                }
            }
            else
            {
                grams.Add(Trigram.Of(bytes[0], bytes[1], bytes[2]));
            }
        }

        return [.. grams.Select(gram => new[] { gram })];
    }
}
