using System.Net;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Index;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// The index holds the trigrams of each file as redacted (RedactedContent), so which files a search reads — its time,
/// its redaction work and its <c>skipped</c> list — never depends on whether a redacted value holds the query. With
/// raw trigrams, a query holding part of a secret proposed exactly the files holding that part: an oracle that rebuilds
/// the secret one character at a time, by time or, for a file over the redaction budget, by <c>skipped</c>.
/// </summary>
public sealed class IndexRedactedTextTests
{
    private const string Token = "ghp_Zr8Kq2Wm5Xv9Lt3Nb7Hc1Jd6Fg4Ps0Ye2Ua8";

    // One line over the redaction budget (each unit is a candidate), with the token at its end.
    private static readonly string Dense =
        string.Concat(Enumerable.Repeat("password=Xk9vQ2mP7rT4wZ ", (int)RedactionBudget.MaxCandidates + 10)) + Token + "\n";

    [Fact]
    public void Content_WithASecret_GivesTheRedactedText_AndCleanContentIsNotCopied()
    {
        var engine = RedactionEngine.CreateDefault();
        var secret = Encoding.UTF8.GetBytes($"token = \"{Token}\"\nprint('x')\n");
        var clean = "print('hello')\nx = 1\n"u8.ToArray();

        var flags = RedactedContent.Of(engine, secret, 2, out var redacted);
        var cleanFlags = RedactedContent.Of(engine, clean, 2, out var cleanRedacted);

        Assert.Equal(IndexedFileFlags.None, flags);
        var text = Encoding.UTF8.GetString(Assert.IsType<byte[]>(redacted));
        Assert.Contains(ITextRedactor.Marker, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token[4..], text, StringComparison.Ordinal);
        Assert.Contains("print('x')", text, StringComparison.Ordinal);
        Assert.Equal(IndexedFileFlags.None, cleanFlags);
        Assert.Null(cleanRedacted);
    }

    [Fact]
    public void Content_WhoseRedactionFaults_IsUnredactable_NotAFailedBuild()
    {
        var flags = RedactedContent.Of(new FaultingRedactor(), Encoding.UTF8.GetBytes("token = x\n"), 1, out var redacted);

        Assert.Equal(IndexedFileFlags.Unredactable, flags); // no search reads it; the build goes on with the other files
        Assert.Null(redacted);
    }

    [Fact]
    public void Content_OverTheCallLimit_IsUnredactable_EvenInsideASpentRequest()
    {
        var engine = RedactionEngine.CreateDefault();
        using var request = RedactionBudget.BeginRequest(new RedactionBudgetLimits(1, 1)); // a request with nothing left

        // The index's redaction is the service's own work: the request's budget neither pays for nor refuses it.
        var secret = RedactedContent.Of(engine, Encoding.UTF8.GetBytes($"token = \"{Token}\"\n"), 1, out var redacted);
        var dense = RedactedContent.Of(engine, Encoding.UTF8.GetBytes(Dense), 1, out var denseRedacted);

        Assert.Equal(IndexedFileFlags.None, secret);
        Assert.NotNull(redacted);
        Assert.Equal(0, request.Budget.Spent);
        Assert.Equal(IndexedFileFlags.Unredactable, dense);
        Assert.Null(denseRedacted);
    }

    [Fact]
    public void Content_WhereAHiddenCharacterHidesASecret_IsReadAlways_WithTheSecretRedacted()
    {
        var engine = RedactionEngine.CreateDefault();
        var hidden = Token[..12] + "\u200B" + Token[12..];
        var content = Encoding.UTF8.GetBytes($"hello\nsee {hidden} here\n");

        var flags = RedactedContent.Of(engine, content, 2, out var redacted);

        Assert.Equal(IndexedFileFlags.ReadAlways, flags);
        var text = Encoding.UTF8.GetString(Assert.IsType<byte[]>(redacted));
        Assert.DoesNotContain(Token[12..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token[4..12], text, StringComparison.Ordinal); // the part before the hidden character too
        Assert.Contains("see " + ITextRedactor.Marker + " here", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesFingerprint_DiffersWithTheRulesFile_AndIsStableOtherwise()
    {
        using var home = new TempDirectory("orch-rules");
        var rules = home.Combine("rules.toml");
        File.WriteAllText(rules, "[[rules]]\nid = \"acme\"\nregex = '''acme_[a-z0-9]{12}'''\n");

        var builtIn = RedactionEngine.CreateDefault().RulesFingerprint;
        var custom = RedactionEngine.Create(rules, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).RulesFingerprint;
        File.WriteAllText(rules, "[[rules]]\nid = \"acme\"\nregex = '''acme_[a-z0-9]{16}'''\n");
        var edited = RedactionEngine.Create(rules, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).RulesFingerprint;

        Assert.Equal(builtIn, RedactionEngine.CreateDefault().RulesFingerprint);
        Assert.NotEqual(builtIn, custom);
        Assert.NotEqual(custom, edited);
        Assert.NotEqual(builtIn, RedactionEngine.CreateDefault(new RedactionBudgetLimits(1000, 4000)).RulesFingerprint);
    }

    [LinuxFact]
    public async Task Search_ForPartOfARedactedValue_ReadsWhatAQueryFoundNowhereReads()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("config/app.env", $"GITHUB_TOKEN={Token}\n")
            .Write("src/main.py", "print('hello')\n")
            .Write("data/dense.txt", Dense)
            .Commit();
        // Files changed within the racy window are read by every search until checked again: wait past it, so the
        // index trusts every file and the comparison below is of what the trigrams propose.
        await Task.Delay(TimeSpan.FromMilliseconds(FileIndexer.RacyWindowNs / 1_000_000 + 300));
        await app.SelectAsync(repo);
        await app.WaitForIndexAsync();
        using var client = app.CreateClient(TestRole.Actions);
        var engine = (RedactionEngine)app.Service<ITextRedactor>();

        async Task<(long Work, string Skipped, string Index, int Hits)> Search(string query)
        {
            var before = engine.WorkUnits;
            using var response = await client.Get("/search?q=" + Uri.EscapeDataString(query));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            return (engine.WorkUnits - before, root.GetProperty("skipped").GetRawText(), root.GetProperty("index").GetString()!,
                root.GetProperty("results").GetArrayLength());
        }

        foreach (var part in new[] { Token[4..16], Token[20..], Token[^9..] })
        {
            var secret = await Search(part);
            var nowhere = await Search("Qj" + new string('7', part.Length - 2));

            Assert.Equal("ready", secret.Index);
            Assert.Equal(0, secret.Hits);
            Assert.Equal(nowhere, secret); // SECURITY: same work, same skipped list, no hit
            Assert.Equal(0, secret.Work); // no file was read: app.env and dense.txt hold the part only inside redacted text
            Assert.Equal("""[{"file":"data/dense.txt","reason":"redaction-budget"}]""", secret.Skipped);
        }

        // The file over the budget is listed for any query in scope, and for none out of it; served text is still found.
        var hello = await Search("hello");
        Assert.Equal(1, hello.Hits);
        Assert.Contains("data/dense.txt", hello.Skipped, StringComparison.Ordinal);
        using var python = await client.Get("/search?q=" + Uri.EscapeDataString(Token[4..16]) + "&ext=py");
        Assert.Contains("\"skipped\":[]", await python.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Search_OfAFileTheIndexProposes_WorksTheSame_WhetherTheRawFileHoldsTheQueryInASecret()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        // Served, the file holds every trigram of both queries below, and neither query: only its redacted token holds the first.
        repo.Write("notes/decoy.md", $"see {Token} here\nZr8Kx r8Kqx 8Kq2x Kq2Wx q2Wm\n").Commit();
        await Task.Delay(TimeSpan.FromMilliseconds(FileIndexer.RacyWindowNs / 1_000_000 + 300));
        await app.SelectAsync(repo);
        await app.WaitForIndexAsync();
        using var client = app.CreateClient(TestRole.Actions);
        var engine = (RedactionEngine)app.Service<ITextRedactor>();

        async Task<(long Work, string Body)> Search(string query)
        {
            var before = engine.WorkUnits;
            using var response = await client.Get("/search?q=" + Uri.EscapeDataString(query));
            return (engine.WorkUnits - before, await response.Content.ReadAsStringAsync());
        }

        var inSecret = await Search("Zr8Kq2Wm"); // in the raw file, inside the token
        var nowhere = await Search("Zr8Kq2Wx"); // in neither

        // SECURITY: the whole file is served and matched either way; the raw text decides nothing.
        Assert.True(inSecret.Work > 0);
        Assert.Equal(nowhere.Work, inSecret.Work);
        Assert.Contains("\"results\":[]", inSecret.Body, StringComparison.Ordinal);
        Assert.Contains("\"index\":\"ready\"", inSecret.Body, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Search_LiteralThatCanMatchOnlyANotation_ThroughTheIndex_FindsWhatTheScanFinds()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        // U+061C (two UTF-8 bytes) is the file's last character: no trigram holds it, yet it is served as <U+061C>.
        repo.Write("notes/rtl.txt", "label = \"abc\u061C").Write("notes/plain.txt", "label = \"abd\"\n").Commit();
        await Task.Delay(TimeSpan.FromMilliseconds(FileIndexer.RacyWindowNs / 1_000_000 + 300));
        await app.SelectAsync(repo);
        await app.WaitForIndexAsync();
        using var client = app.CreateClient(TestRole.Actions);

        using var indexed = await client.Get("/search?q=" + Uri.EscapeDataString("abc<"));
        using var scanned = await client.Get("/search?q=" + Uri.EscapeDataString("abc<") + "&gitignore=false");
        var viaIndex = await indexed.Json();

        Assert.Equal("ready", viaIndex.GetProperty("index").GetString());
        Assert.Equal(1, viaIndex.GetProperty("results").GetArrayLength());
        Assert.Equal((await scanned.Json()).GetProperty("results").GetRawText(), viaIndex.GetProperty("results").GetRawText());
    }

    [LinuxFact]
    public async Task Search_LiteralFoundNowhere_ThroughTheIndex_ReadsNoFileWithAByteOrderMark()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        for (var i = 0; i < 5; i++)
        {
            repo.Write($"src/File{i}.cs", "\uFEFFnamespace App;\npublic class C" + i + " { }\n");
        }

        repo.Commit();
        await Task.Delay(TimeSpan.FromMilliseconds(FileIndexer.RacyWindowNs / 1_000_000 + 300));
        await app.SelectAsync(repo);
        await app.WaitForIndexAsync();
        using var client = app.CreateClient(TestRole.Actions);
        var engine = (RedactionEngine)app.Service<ITextRedactor>();

        var before = engine.WorkUnits;
        using var response = await client.Get("/search?q=Zq7Yw3Jnowhere");
        var body = await response.Json();

        // A literal that cannot overlap a <U+XXXX> notation lies in the redacted text the index holds: no plan needs
        // the files with hidden characters (they were proposed to every search, and served whole).
        Assert.Equal("ready", body.GetProperty("index").GetString());
        Assert.Equal(0, engine.WorkUnits - before);
    }

    private sealed class FaultingRedactor : ITextRedactor
    {
        public string RulesFingerprint => "faulting";

        public string Redact(string text) => throw new ArgumentOutOfRangeException(nameof(text), "a redactor bug");

        public string RedactLines(RedactableText text, int firstLine, int lastLine) => throw new ArgumentOutOfRangeException(nameof(text), "a redactor bug");
    }
}
