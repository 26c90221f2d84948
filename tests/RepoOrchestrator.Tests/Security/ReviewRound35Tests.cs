using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Review round 35: breaks a second review found in the round-35 changes; each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReviewRound35Tests
{
    private const string Value = "Zq8vLm2xPw9rTn4k";

    /// <summary>
    /// PatchLines marks a section as a submodule when any header line ends with " 160000" and then passes its hunk
    /// lines through raw. A renamed file whose new name ends in " 160000" has "rename to config 160000" as a header
    /// line: the section's real file lines skip the whole-file redaction and the round-35 next-line leak comes back.
    /// </summary>
    [Fact]
    public async Task Diff_Patch_RenameToPathEndingIn160000_HunkIsNotServedRaw()
    {
        await using var app = new OrchestratorApp();
        var body = "l1\nl2\nl3\nl4\nl5\npassword: |\n  " + Value + "\nl8\n";
        var repo = await app.RepoWith(("config.yml", body));
        repo.Git("mv", "config.yml", "config 160000");
        repo.Write("config 160000", body.Replace(Value, Value + "X", StringComparison.Ordinal)).Commit("rename and rotate");
        using var client = app.CreateClient(TestRole.Actions);

        var file = await (await client.Get("/file?path=config%20160000")).Content.ReadAsStringAsync();
        using var diffResponse = await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch");
        var diff = await diffResponse.Content.ReadAsStringAsync();
        var show = await (await client.Get("/git/show?mode=patch")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(Value, file, StringComparison.Ordinal); // /file redacts the value under "password: |"
        Assert.Equal(HttpStatusCode.OK, diffResponse.StatusCode);
        Assert.Contains("rename to config 160000", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, show, StringComparison.Ordinal);
    }
    /// <summary>
    /// The repository's own config may set diff.suppressBlankEmpty (not pinned by GitSandbox): git then writes an empty
    /// context line as "" instead of " ". PatchLines takes any line not starting with '+', '-', ' ' or '\' as the end
    /// of the hunk, so every later line of that hunk is appended as it is, unredacted against its file.
    /// </summary>
    [Fact]
    public async Task Diff_Patch_RepositorySetsSuppressBlankEmpty_RestOfHunkIsNotServedRaw()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("config.yml", "a: 1\n\npassword: |\n  " + Value + "\nz: 2\n"));
        repo.Write("config.yml", "a: 1\n\npassword: |\n  " + Value + "X\nz: 2\n").Commit("rotate");
        repo.Git("config", "diff.suppressBlankEmpty", "true");
        using var client = app.CreateClient(TestRole.Actions);

        var file = await (await client.Get("/file?path=config.yml")).Content.ReadAsStringAsync();
        using var diffResponse = await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch");
        var diff = await diffResponse.Content.ReadAsStringAsync();
        var show = await (await client.Get("/git/show?mode=patch")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(Value, file, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, diffResponse.StatusCode);
        Assert.Contains("config.yml", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, show, StringComparison.Ordinal);
    }
    public static TheoryData<string, string> LookalikeInsideValue => new()
    {
        { "password: 'Tr0ub4dor\u2019sBattery9q'\n", "sBattery9q" }, // YAML single-quoted, a typographic apostrophe inside
        { "{\"password\": \"Zq8v\u201DLm2xPw9rTn4k\"}\n", "Lm2xPw9rTn4k" }, // JSON: U+201D is a plain character in a string
        { "password=Zq8vLm2x\u2019Pw9rTn4k\n", "Pw9rTn4k" }, // .env bare value
        { "DB_PASSWORD=Zq8vLm2x\uFF1BPw9rTn4k\n", "Pw9rTn4k" }, // full-width ';' inside a bare value
    };

    /// <summary>
    /// LookalikeFold gives the rules a text where U+2018-U+201F are ASCII quotes and U+FF01-U+FF5E their ASCII signs.
    /// Inside a value those characters are ordinary characters of the secret, but once folded they end the quoted or
    /// bare value early (or make it look like a placeholder): only the part before the lookalike is redacted and the
    /// rest of the password is served. Before the fold the value regexes took the whole value.
    /// </summary>
    [Theory]
    [MemberData(nameof(LookalikeInsideValue))]
    public void Redact_LookalikeCharacterInsideValue_RestOfValueIsNotServed(string text, string rest)
    {
        var engine = RepoOrchestrator.Security.Redaction.RedactionEngine.CreateDefault();

        var served = engine.Redact(text);

        Assert.DoesNotContain(rest, served, StringComparison.Ordinal);
    }

    /// <summary>
    /// The new tool-password-argument expression's htpasswd branch has two unbounded loops of options around a third
    /// ((?:[ \t]+-[A-Za-z]+)* [ \t]+-[A-Za-z]*b[A-Za-z]* (?:[ \t]+-[A-Za-z]+)*): a 50 KB line "htpasswd -b -b …" backtracks
    /// quadratically until the 1 s match timeout, charging no work unit, and the whole text is then withheld. A file with
    /// that line costs a second of CPU per read and no line of it is servable (docs/SECURITY.md promises bounded
    /// quantifiers and work per keyword hit that does not grow with the text).
    /// </summary>
    [Fact]
    public void Redact_HtpasswdWithManyOptions_DoesNotTimeOutAndWithholdTheWholeText()
    {
        var engine = RepoOrchestrator.Security.Redaction.RedactionEngine.CreateDefault();
        var text = "htpasswd" + string.Concat(Enumerable.Repeat(" -b", 16_000)) + "\nhello world\n";

        var served = engine.Redact(text);

        Assert.Contains("hello world", served, StringComparison.Ordinal); // not the whole text as one [REDACTED]
        Assert.InRange(engine.WorkUnits, 1, 100); // and the work was charged, not burnt
    }
    /// <summary>
    /// PatchLines reads every blob a patch touches with `git cat-file blob` (up to ORCH_MAX_FILE_BYTES each, 512 of them),
    /// redacts each whole and keeps every one (its lines) in memory until the patch is done. A one-line change in each
    /// of many large plain-text files is a small patch (well under ORCH_MAX_BYTES) that makes one request read, redact and
    /// hold both sides of every file: at the defaults up to 512 x 5 MiB of text (~5 GB as .NET strings and line arrays)
    /// per request, with no redaction-budget charge for text without candidates. Here (scaled down: 100 files of
    /// 200 KB) a 40 KB patch costs 40 MB of redaction. Expected: the blobs read for one patch are bounded by something
    /// near what one read may cost (a few ORCH_MAX_FILE_BYTES), or the request is refused like a budget overrun.
    /// </summary>
    [Fact]
    public async Task Diff_Patch_ManyLargeFilesOneLineEach_BlobWorkIsBounded()
    {
        var counter = new CountingRedactor(RedactionEngine.CreateDefault());
        await using var app = new OrchestratorApp().With("ORCH_INDEX", "off")
            .WithServices(s => s.AddSingleton<ITextRedactor>(counter));
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var body = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"plain line {i:D6} of filler text here\n")); // ~200 KB
        for (var f = 0; f < 100; f++)
        {
            repo.Write($"big/f{f:D3}.txt", $"file {f}\n" + body); // distinct blobs
        }

        repo.Commit("big files");
        for (var f = 0; f < 100; f++)
        {
            repo.Write($"big/f{f:D3}.txt", $"file {f}\n" + body.Replace("plain line 002500", "PLAIN LINE 002500", StringComparison.Ordinal));
        }

        repo.Commit("one line each");
        using var client = app.CreateClient(TestRole.Actions);

        var before = counter.Chars;
        using var response = await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch");
        var text = await response.Content.ReadAsStringAsync();
        var redacted = counter.Chars - before;

        Assert.True(response.StatusCode != HttpStatusCode.OK || redacted <= 4L * 5 * 1024 * 1024,
            $"{(int)response.StatusCode}: a {text.Length}-character patch redacted {redacted} characters of whole files");
    }

    private sealed class CountingRedactor(ITextRedactor inner) : ITextRedactor
    {
        private long _chars;

        public long Chars => Interlocked.Read(ref _chars);

        public string RulesFingerprint => inner.RulesFingerprint;

        public string Redact(string text)
        {
            Interlocked.Add(ref _chars, text.Length);
            return inner.Redact(text);
        }

        public string RedactLines(RedactableText text, int firstLine, int lastLine)
        {
            Interlocked.Add(ref _chars, text.Text.Length);
            return inner.RedactLines(text, firstLine, lastLine);
        }
    }
    public static TheoryData<string, string, string> QuadraticLines => new()
    {
        // htpasswd's branch of tool-password-argument: nested unbounded option loops; a real match after each
        { "htpasswd" + string.Concat(Enumerable.Repeat(" -b", 4_500)) + "\n", "htpasswx" + string.Concat(Enumerable.Repeat(" -b", 4_500)) + "\n", "sshpass -p Xy12zz9Qw\n" },
        // foreign-password-label: [ \t]*(?:\*\*)?[ \t]* before the ':' backtracks over every split of a run of blanks
        { "Passwort" + new string(' ', 200_000) + "x\n", "Passwolt" + new string(' ', 200_000) + "x\n", "Passwort: Xy12zz9Qw\n" },
    };

    /// <summary>
    /// The same quadratic expressions, one hostile line per match: the 1 s timeout bounds one Match call (the scan up to
    /// the next match), so a real match after each hostile line restarts it and nothing fails closed, while each line is
    /// charged about one work unit. A file of such pairs (5 MiB allowed) costs seconds to minutes of CPU per read, search
    /// and index pass. Work units cannot see regex backtracking, so this compares against the same text with the trigger
    /// word changed by one letter (a ratio, not an absolute time): both should cost about the same.
    /// </summary>
    [Theory]
    [MemberData(nameof(QuadraticLines))]
    public void Redact_HostileLineBeforeEachMatch_CostsAboutAsMuchAsSimilarText(string hostileLine, string benignLine, string matchLine)
    {
        var engine = RepoOrchestrator.Security.Redaction.RedactionEngine.CreateDefault();
        const int pairs = 6;
        var hostile = string.Concat(Enumerable.Repeat(hostileLine + matchLine, pairs)) + "hello world\n";
        var benign = string.Concat(Enumerable.Repeat(benignLine + matchLine, pairs)) + "hello world\n";
        engine.Redact(benign); // warm up

        var clock = System.Diagnostics.Stopwatch.StartNew();
        engine.Redact(benign);
        var benignMs = clock.ElapsedMilliseconds;
        clock.Restart();
        var before = engine.WorkUnits;
        var served = engine.Redact(hostile);
        var hostileMs = clock.ElapsedMilliseconds;

        Assert.Contains("hello world", served, StringComparison.Ordinal); // no call timed out: nothing failed closed
        Assert.DoesNotContain("Xy12zz9Qw", served, StringComparison.Ordinal);
        Assert.True(hostileMs <= (10 * benignMs) + 500,
            $"{pairs} pairs: {hostileMs} ms for {engine.WorkUnits - before} work units, against {benignMs} ms for the same text with the word changed");
    }
    /// <summary>
    /// PatchLines reads each blob through `git cat-file blob`, whose output the process runner decodes with a
    /// StreamReader that honours byte-order marks (.NET's Process does): a blob starting FF FE is decoded as UTF-16LE,
    /// so its ASCII text becomes one line of CJK-looking characters (two bytes each, no '\n' among them) that no rule
    /// reads. Git sees the same bytes as an ordinary text file, so the hunk's first '+' line is replaced by that one
    /// "line": the whole file, secret included, encoded two bytes per character. /file decodes the bytes itself and
    /// redacts the token. Re-encoding the served line as UTF-16LE gives the token back.
    /// </summary>
    [Fact]
    public async Task Diff_Patch_BlobStartingWithUtf16ByteOrderMark_DoesNotServeTheFileReEncoded()
    {
        await using var app = new OrchestratorApp();
        var token = ReadPathTestKit.FakeGitHubToken();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.WriteBytes("notes.txt", [0xFF, 0xFE, .. System.Text.Encoding.ASCII.GetBytes($"deploy key: {token}\nmore notes here\n")]).Commit("notes");
        using var client = app.CreateClient(TestRole.Actions);

        var file = await (await client.Get("/file?path=notes.txt")).Content.ReadAsStringAsync();
        using var diffResponse = await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch");
        var diff = await diffResponse.Content.ReadAsStringAsync();
        var show = await (await client.Get("/git/show?mode=patch")).Content.ReadAsStringAsync();
        static string Decoded(string served) => string.Join('\n', served.Split('\n')
            .Select(l => l.StartsWith('+') ? System.Text.Encoding.ASCII.GetString(System.Text.Encoding.Unicode.GetBytes(l[1..])) : l));

        Assert.DoesNotContain(token, file, StringComparison.Ordinal); // /file redacts it
        Assert.Equal(HttpStatusCode.OK, diffResponse.StatusCode);
        Assert.Contains("notes.txt", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(token, Decoded(diff), StringComparison.Ordinal);
        Assert.DoesNotContain(token, Decoded(show), StringComparison.Ordinal);
    }
    /// <summary>
    /// The same decoding in the older /git/show?path= read (History/FileAtRef.cs, also `git cat-file blob` through the
    /// process runner): not new in this round, same cause (Processes/ProcessRunner.cs honours byte-order marks).
    /// </summary>
    [Fact]
    public async Task GitShowPath_BlobStartingWithUtf16ByteOrderMark_DoesNotServeTheFileReEncoded()
    {
        await using var app = new OrchestratorApp();
        var token = ReadPathTestKit.FakeGitHubToken();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.WriteBytes("notes.txt", [0xFF, 0xFE, .. System.Text.Encoding.ASCII.GetBytes($"deploy key: {token}\nmore notes here\n")]).Commit("notes");
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/git/show?ref=HEAD&path=notes.txt");
        var body = await response.Content.ReadAsStringAsync();
        var decoded = System.Text.Encoding.ASCII.GetString(System.Text.Encoding.Unicode.GetBytes(body));

        Assert.DoesNotContain(token, decoded, StringComparison.Ordinal);
    }
    public static TheoryData<string> NamedValueWithAnotherValueWordFirst => new()
    {
        "env:\n  - name: DB_PASSWORD  # value rotated monthly\n    value: \"Zq8vLm2xPw9rTn4k\"\n",
        "env:\n  - name: DB_PASSWORD\n    description: value of the database password\n    value: Zq8vLm2xPw9rTn4k\n",
    };

    /// <summary>
    /// SecretAssignmentRule.TryNamedValue (new) judges only the FIRST "value" word after `name: DB_PASSWORD` within its
    /// lines, and gives up (return false) when that word is not followed by an operator and a literal: a comment or a
    /// description holding the word "value" before the real `value:` key leaves the secret served. Without those words
    /// the same entry is redacted.
    /// </summary>
    [Theory]
    [MemberData(nameof(NamedValueWithAnotherValueWordFirst))]
    public void Redact_NameValueEntry_WordValueBeforeTheValueKey_IsStillRedacted(string text)
    {
        var engine = RepoOrchestrator.Security.Redaction.RedactionEngine.CreateDefault();

        Assert.DoesNotContain(Value, engine.Redact("env:\n  - name: DB_PASSWORD\n    value: \"" + Value + "\"\n"), StringComparison.Ordinal); // the plain form is
        Assert.DoesNotContain(Value, engine.Redact(text), StringComparison.Ordinal);
    }

    /// <summary>
    /// Round 35 pinned diff.orderFile and core.attributesFile because a FIFO or /dev/zero named there stalled every git
    /// read for the whole timeout. The same stall remains through paths the pins do not cover: the repository config's
    /// own [include] path (read by every git command, so every read route stalls) and $GIT_DIR/info/attributes (read by
    /// every diff). A FIFO inside .git was not refused by GitDirCheck (only links were); now it is, up front, instead of
    /// 400 after ORCH_SUBPROCESS_TIMEOUT. (An include naming a FIFO outside .git is a bounded stall: docs/SECURITY.md.)
    /// </summary>
    [Theory]
    [InlineData("include", "/diff?base=HEAD~1&head=HEAD&mode=patch")]
    [InlineData("include", "/git/log")]
    [InlineData("info/attributes", "/diff?base=HEAD~1&head=HEAD&mode=patch")]
    [InlineData("info/attributes", "/git/show?mode=patch")]
    public async Task RepositoryGitDir_FifoReadByGit_DoesNotStallTheRead(string where, string url)
    {
        await using var app = new OrchestratorApp().With("ORCH_SUBPROCESS_TIMEOUT", "2");
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        var gitDir = Path.Join(repo.Path, ".git");
        if (where == "include")
        {
            ReadPathTestKit.MakeFifo(Path.Join(gitDir, "shared.cfg"));
            File.AppendAllText(Path.Join(gitDir, "config"), "[include]\n\tpath = shared.cfg\n"); // relative to .git/config
        }
        else
        {
            Directory.CreateDirectory(Path.Join(gitDir, "info"));
            ReadPathTestKit.MakeFifo(Path.Join(gitDir, "info", "attributes"));
        }

        using var client = app.CreateClient(TestRole.Actions);
        using var response = await client.Get(url);
        var body = await response.Content.ReadAsStringAsync();

        // refused up front by the git folder check (GitDirCheck), not answered "timed out" after the git child waited
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("FIFO", body, StringComparison.Ordinal);
        Assert.DoesNotContain("timed out", body, StringComparison.OrdinalIgnoreCase);
    }
}
