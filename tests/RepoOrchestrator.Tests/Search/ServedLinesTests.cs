using RepoOrchestrator.Search;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Search;

/// <summary>A search serves each file as /file serves the whole file: one redaction pass, cut into lines.</summary>
public sealed class ServedLinesTests
{
    [Fact]
    public void Lines_OfAFileWithHiddenCharacters_AreTheWholeFilesServedText_LineByLine()
    {
        var engine = RedactionEngine.CreateDefault();
        var text = "\uFEFFconfig:\n  password: |\n" + string.Concat(Enumerable.Range(0, 8).Select(i => $"    line{i}Qz7vLk2P\n"))
            + "name: de\u200Bmo\r\nlast";

        var served = new ServedLines(engine, text);
        var whole = RevealingRedaction.RedactLines(engine, text, 1, served.Count);

        var lines = Enumerable.Range(1, served.Count).Select(served.Get).ToList();
        Assert.Equal(whole.Text.Replace("\r", "", StringComparison.Ordinal), string.Join('\n', lines.Select(l => l.Text)));
        Assert.Equal(whole.HiddenCharacters, lines.Sum(l => l.HiddenCharacters));
        Assert.Equal(1, lines[0].HiddenCharacters);
        Assert.DoesNotContain(lines, l => l.Text.Contains("Qz7vLk2P", StringComparison.Ordinal)); // every block line, however deep
        Assert.Equal("name: de<U+200B>mo", lines[^2].Text);
    }

    [Fact]
    public void Lines_OfAFileWithAHiddenCharacterOnEveryLine_CostTheWholeFilesRedaction()
    {
        // Each line redacted on its own (with the lines around it, and once more without hidden characters) cost far
        // more than the whole file, and grew with the square of the file's length.
        var text = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"var password{i} = Get(\"k{i}\"); // token\u200B key\n"));
        var once = RedactionEngine.CreateDefault();
        once.RedactLines(new RedactableText(text), 1, 2_000);
        once.RedactLines(new RedactableText(HiddenCharacters.Strip(text, out _)), 1, 2_000);
        var engine = RedactionEngine.CreateDefault();

        var served = new ServedLines(engine, text);
        for (var line = 1; line <= served.Count; line++)
        {
            _ = served.Get(line);
        }

        Assert.InRange(engine.WorkUnits, 1, once.WorkUnits); // the pass, and the pass without hidden characters
    }

    [Fact]
    public void Lines_OfAFileServedWithoutItsHiddenCharacters_CountThemAsTheWholeFileDoes()
    {
        // The second line hides a token behind a hidden character (served stripped); the first has one inside a value
        // the first pass already redacts, which must not be counted (the count would tell the value held one).
        var engine = RedactionEngine.CreateDefault();
        var text = "password = \"Qz7v\u200BLk2Pw9\"\ntoken2 = ghp_abcdefghij\u200Bklmnopqrstuvwxyz0123456789\nz\u200Bz\n";

        var served = new ServedLines(engine, text);
        var whole = RevealingRedaction.RedactLines(engine, text, 1, served.Count);

        var lines = Enumerable.Range(1, served.Count).Select(served.Get).ToList();
        Assert.Equal(whole.Text, string.Join('\n', lines.Select(l => l.Text)) + "\n");
        Assert.Equal(whole.HiddenCharacters, lines.Sum(l => l.HiddenCharacters));
        Assert.DoesNotContain("klmnop", whole.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_OfAnEmptyFile_AreNone()
    {
        Assert.Equal(0, new ServedLines(RedactionEngine.CreateDefault(), "").Count);
    }
}
