namespace RepoOrchestrator.Index;

/// <summary>
/// The index's unit: three consecutive bytes of a file's raw content, ASCII letters folded to lower case
/// (<see cref="Fold"/>), packed as <c>b0 &lt;&lt; 16 | b1 &lt;&lt; 8 | b2</c>. Folding makes one posting list serve a
/// case-sensitive and a case-insensitive query alike (a superset for the case-sensitive one: the scan decides).
/// </summary>
public static class Trigram
{
    /// <summary>'A'..'Z' to 'a'..'z'; every other byte unchanged.</summary>
    public static byte Fold(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;

    /// <summary>The trigram of three consecutive bytes.</summary>
    public static uint Of(byte b0, byte b1, byte b2) => ((uint)Fold(b0) << 16) | ((uint)Fold(b1) << 8) | Fold(b2);
}
