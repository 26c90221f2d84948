using System.Net;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Attack round 36 (read paths, hostile agent and hostile repository): each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AttackRound36Tests
{
    // A made-up password value: no rule catches it on its own, only the name before it makes it a secret.
    private const string Value = "Zq8vLm2xPw9rTn4k";

    public static TheoryData<string> MessageForms => new()
    {
        $"password: |\n  {Value}", // one paragraph: git's %s joins it into "password: |   <value>"
        $"token: >-\n  {Value}",
        $"db.password=\\\n    {Value}",
        $"password: |\n\n  {Value}", // subject and body: each was redacted on its own
    };

    /// <summary>
    /// /git/log and /git/show (a commit) served git's `%s` and `%b` redacted each on its own. `%s` is the first paragraph
    /// of the message with its lines joined by a space, a text the commit does not hold: `password: |` and the value on
    /// the next line became `password: |   Zq8v…`, which no rule reads as a value; and a value in the body below a
    /// subject naming it (`password: |`, blank line, value) was redacted without the name. /file redacts each form. The
    /// whole raw message (`%B`) is now redacted once, and the subject is cut from the redacted message.
    /// </summary>
    [Theory]
    [MemberData(nameof(MessageForms))]
    public async Task GitLogAndShow_CommitMessageValueOnTheLineAfterItsName_IsRedacted(string message)
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("a.txt", "two\n").Commit(message);
        repo.Write("message.yml", message + "\n").Commit("the message as a file");
        using var client = app.CreateClient(TestRole.Actions);

        var file = await (await client.Get("/file?path=message.yml")).Content.ReadAsStringAsync();
        using var logResponse = await client.Get("/git/log");
        var log = await logResponse.Content.ReadAsStringAsync();
        using var showResponse = await client.Get("/git/show?ref=HEAD~1");
        var show = await showResponse.Content.ReadAsStringAsync();

        Assert.DoesNotContain(Value, file, StringComparison.Ordinal); // /file redacts the form
        Assert.Equal(HttpStatusCode.OK, logResponse.StatusCode);
        Assert.Equal(3, (await logResponse.Json()).GetProperty("commits").GetArrayLength());
        Assert.DoesNotContain(Value, log, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, showResponse.StatusCode);
        Assert.Contains("a.txt", show, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, show, StringComparison.Ordinal);
    }

    /// <summary>
    /// The subject is still git's: the first paragraph (after leading blank lines), its lines joined by one space, and the
    /// message holds the rest after the blank lines that follow it.
    /// </summary>
    [Fact]
    public async Task GitLogAndShow_SubjectAndMessage_KeepGitsLayout()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("a.txt", "two\n").Commit("Fix the parser\nfor long lines  \n\n\nIt split them.\n\nTwice.");
        using var client = app.CreateClient(TestRole.Actions);

        var log = await (await client.Get("/git/log?max_count=1")).Json();
        var show = await (await client.Get("/git/show")).Content.ReadAsStringAsync();

        Assert.Equal("Fix the parser for long lines", log.GetProperty("commits")[0].GetProperty("subject").GetString());
        Assert.Contains("\n    Fix the parser for long lines\n    \n    It split them.\n    \n    Twice.\n", show, StringComparison.Ordinal);
    }

    /// <summary>
    /// The repository's config sets `i18n.logOutputEncoding` (not pinned by the sandbox): git re-encodes every line of
    /// `git log` and `git blame` output, field separators and headers included. With UTF-7, /git/log answered 200 with
    /// no commits at all, /git/show 409 and /git/blame an "(unknown)" author dated 1970: a hostile repository made the
    /// history answers lie. Expected: git's output is UTF-8 whatever the repository says (Git/GitSandbox.cs).
    /// </summary>
    [Fact]
    public async Task RepositoryLogOutputEncoding_DoesNotChangeHistoryAnswers()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("a.txt", "two\n").Commit("second change");
        repo.Git("config", "i18n.logOutputEncoding", "UTF-7");
        using var client = app.CreateClient(TestRole.Actions);

        using var log = await client.Get("/git/log");
        using var show = await client.Get("/git/show");
        using var blame = await client.Get("/git/blame?path=a.txt");

        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.Equal("second change", (await log.Json()).GetProperty("commits")[0].GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        Assert.Contains("    second change\n", await show.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, blame.StatusCode);
        Assert.Equal("Test", (await blame.Json()).GetProperty("lines")[0].GetProperty("author").GetString());
    }

    public static TheoryData<string, string> LoneLineBreakForms => new()
    {
        { "cr.yml", $"db:\r  password: |\r    {Value}\r  port: 5432\r" }, // classic Mac line ends
        { "cr.json", $"{{\r  \"password\":\r    \"{Value}\"\r}}\r" }, // CR is JSON white space
        { "mixed.yml", $"a: 1\r\nb: 2\r\ndb:\r  password: |\r    {Value}\r\n" }, // one lone CR in a CRLF file
        { "nel.yml", $"db:\n  password: |\u0085    {Value}\n" }, // YAML 1.1 (PyYAML) line breaks
        { "ls.yml", $"db:\n  password: |\u2028    {Value}\n" },
    };

    /// <summary>
    /// The rules read a line break as '\n' only, so a file whose lines end with a lone CR (classic Mac, some Windows
    /// tools; CR is also plain white space in JSON) was one long line to them: the value under `password: |` or after
    /// `"password":` was served by /file, /search, /git/show and /diff, while the same file with LF or CRLF line ends is
    /// redacted. YAML 1.1 parsers also break lines at NEL, LS and PS. Expected: the rules' second reading (the lookalike
    /// fold, same length) reads each of these as a line break, on every path.
    /// </summary>
    [Theory]
    [MemberData(nameof(LoneLineBreakForms))]
    public async Task Read_LoneCarriageReturnOrUnicodeLineBreak_ValueIsRedactedOnEveryPath(string name, string text)
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write(name, text).Commit("add " + name);
        using var client = app.CreateClient(TestRole.Actions);

        using var file = await client.Get($"/file?path={name}");
        var search = await (await client.Get("/search?q=password")).Content.ReadAsStringAsync();
        var show = await (await client.Get($"/git/show?path={name}")).Content.ReadAsStringAsync();
        var diff = await (await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.DoesNotContain(Value, await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(name, search, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, search, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, show, StringComparison.Ordinal);
        Assert.Contains(name, diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, diff, StringComparison.Ordinal);
    }

    /// <summary>
    /// A patch's `index` line gave each side's blob id, abbreviated to 12 hex digits: the SHA-1 of `blob &lt;size&gt;\0` and
    /// the file's raw bytes. The agent holds the rest of the file (the patch's lines, /git/show of the file) and only the
    /// redacted value is missing, so hashing each guess (a password list, every PIN, every length) and comparing 48 bits
    /// finds the value offline: an oracle on the redacted text. Expected: the id of a blob whose served text is not its raw
    /// text is not served (the marker stands in its place); ids of blobs served as they are stay.
    /// </summary>
    [Fact]
    public async Task Diff_Patch_IndexLineBlobIdOfARedactedFile_IsNotServed()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("config.yml", $"db:\n  password: {Value}\n  port: 1\n"), ("main.c", "int x = 1;\n"));
        repo.Write("config.yml", $"db:\n  password: {Value}\n  port: 2\n").Write("main.c", "int x = 2;\n").Commit("ports");
        var secretIds = new[] { repo.Git("rev-parse", "HEAD~1:config.yml").Trim(), repo.Git("rev-parse", "HEAD:config.yml").Trim() };
        var plainId = repo.Git("rev-parse", "HEAD:main.c").Trim();
        using var client = app.CreateClient(TestRole.Actions);

        var diff = await (await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch")).Content.ReadAsStringAsync();
        var show = await (await client.Get("/git/show?mode=patch")).Content.ReadAsStringAsync();

        foreach (var text in new[] { diff, show })
        {
            Assert.Contains("+  port: 2", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
            Assert.All(secretIds, id => Assert.DoesNotContain(id[..7], text, StringComparison.Ordinal)); // no prefix of either side's id
            Assert.Contains("index [REDACTED]..[REDACTED] 100644\n", text, StringComparison.Ordinal);
            Assert.Contains(".." + plainId[..12] + " 100644\n", text, StringComparison.Ordinal); // a file served as it is keeps its ids
        }
    }
}
