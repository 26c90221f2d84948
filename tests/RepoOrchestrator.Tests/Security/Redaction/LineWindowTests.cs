using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// A line range (/file?start_line=&amp;end_line=, MCP read_file, history windows) serves exactly the lines the whole file's
/// redaction serves. A window redacted with a few lines of context around it served lines of values whose rule reaches
/// further (found by a review helper): each input below leaked through some window before windows were cut out of the
/// whole text's redaction.
/// </summary>
public sealed class LineWindowTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "quoted value continued over lines, window on its first line", "x = 1\npassword = \"Qz7vLk2Pw9\\\nK1x9Rt\\\nK2x8Yu\\\nK3x7Io\\\nK4x6Op\"\ny = 2\n" },
        { "quoted value continued over more than 64 lines", "password = \"Qz7v\\\n" + string.Concat(Enumerable.Range(0, 120).Select(i => $"S{i:D3}q\\\n")) + "end\"\n" },
        { ".netrc entry with blank lines inside", "machine example.com\n" + new string('\n', 80) + "login alice\npassword hunter2hunter2\n" },
        { "curl -u after many continued lines", "curl https://example.com \\\n" + string.Concat(Enumerable.Repeat("  \\\n", 80)) + " -u alice:hunter2hunter2\n" },
        { "credential call with blank lines between its arguments", "var c = new NetworkCredential(\"alice\",\n" + new string('\n', 80) + "\"hunter2hunter2\");\n" },
        { "YAML block that a cut window would take for a placeholder", "password: |\n  <Qz7vLk2P\n  Rt9xWq3M\n  Yu8cVb1N\n  Io5pAs6D\n  Mn3bVc8X\n  Lk7jHg2F\n  Po9iUy4T>\n  Fg4hJk0L\n" },
        { "YAML block secret deep below its key", "config:\n  password: |\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"    Qz{i:D2}vLk2Pw9RtXm\n")) + "name: demo\n" },
    };

    /// <summary>A hidden character lines above a window decides what the window's lines are; the window holds none itself.</summary>
    public static TheoryData<string, string> HiddenAbove => new()
    {
        { "zero-width space in the name of a block above the window", "pass\u200Bword: |\n  Tr0ub4dor-q8Zk\nuser: app\n" },
        { "word joiner in the name of a list above the window", "pass\u200Bwords:\n  - Tr0ub4dor-q8Zk\nuser: app\n" },
        { "zero-width space in the name of a plain scalar above", "db_pass\u200Bword:\n  Tr0ub4dor-q8Zk\nuser: app\n" },
        { "word joiner in a name whose value is continued into the window", "api_\u2060key = \"Zq7first1\" \\\n  \"Zx9Tr0ub4dor-q8Zk\"\n" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryWindow_ServesTheLinesOfTheWholeFilesRedaction(string kind, string text)
    {
        var engine = RedactionEngine.CreateDefault();
        var whole = Lines(RevealingRedaction.RedactLines(engine, text, 1, int.MaxValue).Text);
        Assert.NotEqual(Lines(text), whole); // the whole file has something redacted

        for (var first = 1; first <= whole.Count; first++)
        {
            for (var last = first; last <= Math.Min(whole.Count, first + 3); last++)
            {
                var window = Lines(RevealingRedaction.RedactLines(engine, text, first, last).Text);
                Assert.True(whole.Skip(first - 1).Take(last - first + 1).SequenceEqual(window), $"{kind}: lines {first}-{last}");
            }
        }
    }

    // The whole file is served without its hidden characters once that exposed a secret anywhere in it; a window
    // decides on its own lines, so it may still show a <U+XXXX> notation the whole file's line does not: the
    // comparison leaves notations out, and every value the whole file redacts must be redacted in every window.
    [Theory]
    [MemberData(nameof(HiddenAbove))]
    public void EveryWindow_BelowAHiddenCharacter_RedactsWhatTheWholeFileRedacts(string kind, string text)
    {
        var engine = RedactionEngine.CreateDefault();
        var whole = Lines(RevealingRedaction.RedactLines(engine, text, 1, int.MaxValue).Text);
        Assert.DoesNotContain(whole, line => line.Contains("q8Zk", StringComparison.Ordinal));

        for (var first = 1; first <= whole.Count; first++)
        {
            for (var last = first; last <= whole.Count; last++)
            {
                var window = Lines(RevealingRedaction.RedactLines(engine, text, first, last).Text).Select(WithoutNotations);
                Assert.True(whole.Skip(first - 1).Take(last - first + 1).Select(WithoutNotations).SequenceEqual(window), $"{kind}: lines {first}-{last}");
            }
        }
    }

    private static string WithoutNotations(string line) => System.Text.RegularExpressions.Regex.Replace(line, "<U\\+[0-9A-F]{4,6}>", "");

    private static List<string> Lines(string text)
    {
        var parts = text.Split('\n');
        return [.. parts.Take(text.EndsWith('\n') ? parts.Length - 1 : parts.Length).Select(p => p.TrimEnd('\r'))];
    }
}
