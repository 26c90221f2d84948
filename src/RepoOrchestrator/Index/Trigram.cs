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
}
