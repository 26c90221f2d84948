namespace RepoOrchestrator.Security.Redaction;

/// <summary>Shannon entropy in bits per character: random keys score high, words and repeated characters low.</summary>
internal static class ShannonEntropy
{
    public static double Of(ReadOnlySpan<char> value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        if (value.ContainsAnyExceptInRange((char)0, (char)127))
        {
            return OfAnyText(value);
        }

        Span<int> counts = stackalloc int[128];
        foreach (var c in value)
        {
            counts[c]++;
        }

        return Sum(counts, value.Length);
    }

    // Rare path (custom rules on non-ASCII secrets): count by sorting a copy.
    private static double OfAnyText(ReadOnlySpan<char> value)
    {
        var copy = value.ToArray();
        Array.Sort(copy);
        var counts = new List<int>();
        var run = 1;
        for (var i = 1; i <= copy.Length; i++)
        {
            if (i < copy.Length && copy[i] == copy[i - 1])
            {
                run++;
                continue;
            }

            counts.Add(run);
            run = 1;
        }

        return Sum(counts.ToArray(), value.Length);
    }

    private static double Sum(ReadOnlySpan<int> counts, int length)
    {
        double entropy = 0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }
}
