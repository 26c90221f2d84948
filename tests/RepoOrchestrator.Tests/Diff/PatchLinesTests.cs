using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Diff;

/// <summary>
/// Diff/PatchLines.cs: a patch's hunk lines are served as /file serves the same lines of their whole file. Here the
/// parts of it the attack tests (Security/AttackRound35Tests) do not reach: a context line its two sides redact
/// differently, the section heading git writes after a hunk's line ranges, the line ends and the last line without a
/// newline, and an unchanged answer for plain text.
/// </summary>
public sealed class PatchLinesTests
{
    // A made-up value that no rule redacts on its own: only a secret name on the line above makes it one.
    private const string Value = "Zq8vLm2xPw9rTn4k";

    [Fact]
    public async Task Patch_ContextLineOnlyOneSideCallsASecret_IsWithheld()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("config.yml", $"password: |\n  {Value}\nport: 1\n"));
        repo.Write("config.yml", $"comment: |\n  {Value}\nport: 2\n").Commit("rename the key, change the port"); // the new side serves the line
        using var client = app.CreateClient(TestRole.Actions);

        var text = await (await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains("+port: 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
        Assert.Contains("   [REDACTED]", text, StringComparison.Ordinal); // ' ' then the line's indentation, then the marker
    }

    [Fact]
    public async Task Patch_HunkHeader_KeepsItsRangesWithoutTheSectionHeading()
    {
        await using var app = new OrchestratorApp();
        var body = string.Concat(Enumerable.Range(1, 12).Select(i => $"    x{i} = {i};\n"));
        var repo = await app.RepoWith(("main.c", "int main() {\n" + body + "}\n"));
        repo.Write("main.c", "int main() {\n" + body.Replace("x9 = 9;", "x9 = 90;", StringComparison.Ordinal) + "}\n").Commit("x9");
        using var client = app.CreateClient(TestRole.Actions);

        var text = await (await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch")).Content.ReadAsStringAsync();

        var header = Assert.Single(text.Split('\n'), l => l.StartsWith("@@", StringComparison.Ordinal));
        Assert.Equal("@@ -7,7 +7,7 @@", header); // git would add " int main() {": a line of the file, out of its context
        Assert.Contains("-    x9 = 9;\n+    x9 = 90;\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\nindex [0-9a-f]{12}\.\.[0-9a-f]{12} 100644\n", text); // asked in full, served abbreviated
    }

    [Fact]
    public async Task Patch_CrlfAndNoFinalNewline_AreServedAsGitWritesThem()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\r\ntwo\r\nthree"));
        repo.Write("a.txt", "one\r\n2\r\nthree").Commit("two");
        using var client = app.CreateClient(TestRole.Actions);

        var text = await (await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains(" one\r\n-two\r\n+2\r\n three\n\\ No newline at end of file\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_AddedAndDeletedFiles_ServeTheirOneSide()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("old.txt", "gone\n"));
        repo.Git("rm", "-q", "old.txt");
        repo.Write("new.yml", $"token: |\n  {Value}\nname: new\n").Commit("replace");
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("-gone\n", text, StringComparison.Ordinal);
        Assert.Contains("+name: new\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
    }
}
