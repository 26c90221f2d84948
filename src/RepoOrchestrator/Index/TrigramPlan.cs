using System.Text;
using RepoOrchestrator.Search;

namespace RepoOrchestrator.Index;

/// <summary>
/// The trigrams a file must hold to possibly hold a hit of a query: all trigrams of at least one alternative.
/// (First cut: case-sensitive literals and case-insensitive literals over letters without non-ASCII case
/// equivalents; regular expressions are not narrowed.)
/// </summary>
public sealed class TrigramPlan
{
    private TrigramPlan(IReadOnlyList<uint[]> alternatives) => Alternatives = alternatives;

    public IReadOnlyList<uint[]> Alternatives { get; }

    public static TrigramPlan? For(string query, bool regex, bool caseSensitive)
    {
        if (regex || !SearchQuery.Create(query, regex, caseSensitive).TryGet(out var parsed, out _) || parsed.ScansEveryLine)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(query);
        var trigrams = new SortedSet<uint>();
        for (var i = 0; i + 2 < bytes.Length; i++)
        {
            if (caseSensitive || (Usable(bytes[i]) && Usable(bytes[i + 1]) && Usable(bytes[i + 2])))
            {
                trigrams.Add(Trigram.Of(bytes[i], bytes[i + 1], bytes[i + 2]));
            }
        }

        return trigrams.Count == 0 ? null : new TrigramPlan([[.. trigrams]]);
    }

    private static bool Usable(byte b) => b < 0x80 && Trigram.Fold(b) is not ((byte)'i' or (byte)'k' or (byte)'s');
}
