namespace RepoOrchestrator.Tests.Docs;

/// <summary>The fenced code blocks of a Markdown document, so a test can run or compare what the document shows.</summary>
public static class DocBlocks
{
    /// <summary>The text of each fenced block of <paramref name="language"/> (indented blocks in lists included).</summary>
    public static List<string> Fenced(string markdown, string language)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var blocks = new List<string>();
        List<string>? current = null;
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    blocks.Add(string.Join('\n', current));
                    current = null;
                }
                else if (line.Trim()[3..].Trim() == language)
                {
                    current = [];
                }

                continue;
            }

            current?.Add(line);
        }

        return blocks;
    }
}
