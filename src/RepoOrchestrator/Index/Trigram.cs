namespace RepoOrchestrator.Index;

/// <summary>
/// The trigram encoding shared by the repository index and query planning: three consecutive bytes of a file's raw
/// content (across line breaks too), ASCII letters folded to lower case, packed as <c>b0 &lt;&lt; 16 | b1 &lt;&lt; 8 | b2</c>
/// (24 bits). Only 'A'..'Z' fold, so one index serves case-sensitive and case-insensitive searches: a case-sensitive
/// plan asks for the folded trigrams of its bytes, which every file holding those bytes has (a superset, still sound).
/// </summary>
public static class Trigram
{
    /// <summary>The byte with 'A'..'Z' made lower case; every other byte (all of 0x80..0xFF too) unchanged.</summary>
    public static byte Fold(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b + ('a' - 'A')) : b;

    /// <summary>The trigram of three consecutive bytes.</summary>
    public static uint Of(byte b0, byte b1, byte b2) => (uint)(Fold(b0) << 16 | Fold(b1) << 8 | Fold(b2));

    /// <summary>Adds the trigram of every window of three consecutive bytes of <paramref name="content"/>.</summary>
    public static void AddAll(ReadOnlySpan<byte> content, HashSet<uint> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (content.Length < 3)
        {
            return;
        }

        var window = (uint)(Fold(content[0]) << 8 | Fold(content[1]));
        for (var i = 2; i < content.Length; i++)
        {
            window = ((window << 8) | Fold(content[i])) & 0xFF_FFFF;
            into.Add(window);
        }
    }
}
