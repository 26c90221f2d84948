namespace RepoOrchestrator.Tests.Docs;

/// <summary>The shell commands a Markdown document shows in its ```sh blocks, one per line, in order.</summary>
public static class DocCommands
{
    public static IReadOnlyList<string> Extract(string markdown, string language = "sh")
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var commands = new List<string>();
        var inBlock = false;
        var runnable = false;
        var pending = "";
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                runnable = !inBlock && string.Equals(line.Trim()[3..].Trim(), language, StringComparison.Ordinal);
                inBlock = !inBlock;
                continue;
            }

            if (!inBlock || !runnable || line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            // A trailing backslash continues the command on the next line.
            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            commands.Add((pending + line.Trim()).Trim());
            pending = "";
        }

        return commands;
    }
}
