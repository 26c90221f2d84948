namespace RepoOrchestrator.Repositories;

/// <summary>
/// Names as people sort them: runs of digits by their value (`repo2` before `repo10`), the rest case-insensitively,
/// then ordinally so the order is total and stable.
/// </summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var (a, aEnd) = DigitRun(x, i);
                var (b, bEnd) = DigitRun(y, j);
                // Without leading zeros, a longer run is the larger number; equal lengths compare digit by digit.
                var byValue = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                if (byValue != 0)
                {
                    return byValue;
                }

                (i, j) = (aEnd, bEnd);
                continue;
            }

            var byChar = char.ToUpperInvariant(x[i]).CompareTo(char.ToUpperInvariant(y[j]));
            if (byChar != 0)
            {
                return byChar;
            }

            i++;
            j++;
        }

        var byLength = (x.Length - i).CompareTo(y.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }

    private static (string Digits, int End) DigitRun(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var first = start;
        while (first < end - 1 && text[first] == '0')
        {
            first++;
        }

        return (text[first..end], end);
    }
}
