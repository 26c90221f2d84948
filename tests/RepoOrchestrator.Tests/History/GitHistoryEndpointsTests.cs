using System.Net;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.History;

/// <summary>GET /git/log and GET /git/show over real repositories: redaction of history, path rules, refs, cursors, tree entries.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GitHistoryEndpointsTests
{
    private static string[] Ids(JsonElement log) =>
        [.. log.GetProperty("commits").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Show_SecretDeletedFromHead_IsRedactedAtTheOldRef()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var token = ReadPathTestKit.FakeGitHubToken();
        var leaked = repo.Write("settings.json", $"{{\n  \"name\": \"svc\",\n  \"token\": \"{token}\"\n}}\n").Commit("add settings");
        File.Delete(Path.Combine(repo.Path, "settings.json"));
        repo.Commit("remove settings");
        using var client = app.CreateClient(TestRole.Actions);

        using var old = await client.Get($"/git/show?ref={leaked}&path=settings.json");
        var body = await old.Content.ReadAsStringAsync();
        using var head = await client.Get("/git/show?path=settings.json");

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal("text/plain", old.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"name\": \"svc\"", body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.Equal("4", old.Headers.GetValues("X-Total-Lines").Single());
        Assert.Equal(ReadPathTestKit.Sha256(body), old.Headers.GetValues("X-Content-SHA256").Single());
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        var audit = Assert.Single(app.AuditLines("GIT_SHOW"));
        Assert.Contains($"| PATH:{leaked}:settings.json | RANGE:1-4 |", audit, StringComparison.Ordinal);
        Assert.Contains("HASH:" + ReadPathTestKit.Sha256(body), audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_LineWindow_ServesOnlyThoseLines()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("big.txt", ReadPathTestKit.Lines(50)));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/git/show?ref=main&path=big.txt&start_line=3&end_line=4")).Content.ReadAsStringAsync();

        Assert.Equal(string.Join("", ReadPathTestKit.Lines(50).Split('\n').Skip(2).Take(2).Select(l => l + "\n")), body);
    }

    [Fact]
    public async Task Log_SecretInSubjectAndAuthor_IsRedacted()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var token = ReadPathTestKit.FakeGitHubToken();
        repo.Git("-c", $"user.name=bot {token}", "commit", "-q", "--allow-empty", "-m", $"rotate {token} oops");
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/git/log");
        var text = await response.Content.ReadAsStringAsync();
        var log = await response.Json();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        var first = log.GetProperty("commits")[0];
        Assert.Equal("rotate [REDACTED] oops", first.GetProperty("subject").GetString());
        Assert.Contains("[REDACTED]", first.GetProperty("author").GetString(), StringComparison.Ordinal);
        Assert.Equal(repo.Git("rev-parse", "HEAD").Trim(), first.GetProperty("id").GetString());
        Assert.True(DateTimeOffset.TryParse(first.GetProperty("date").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal("initial", log.GetProperty("commits")[1].GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, log.GetProperty("next_cursor").ValueKind);
        Assert.Contains("| OP:GIT_LOG | PATH:. |", Assert.Single(app.AuditLines("GIT_LOG")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_HostileSubject_CannotForgeFieldsOrCommits()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Git("commit", "-q", "--allow-empty", "-m", "x\u001f0000000000000000000000000000000000000000\u001fforged\u001fz");

        var log = await (await app.CreateClient(TestRole.Actions).Get("/git/log")).Json();

        Assert.Equal(2, log.GetProperty("commits").GetArrayLength());
        Assert.StartsWith("x\u001f0000", log.GetProperty("commits")[0].GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal("Test", log.GetProperty("commits")[0].GetProperty("author").GetString());
    }

    [Fact]
    public async Task Log_Path_ListsOnlyCommitsTouchingIt_EvenWhenDeleted()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var added = repo.Write("gone.txt", "x\n").Commit("add gone");
        repo.Write("a.txt", "two\n").Commit("touch a");
        File.Delete(Path.Combine(repo.Path, "gone.txt"));
        var removed = repo.Commit("remove gone");
        using var client = app.CreateClient(TestRole.Actions);

        var log = await (await client.Get("/git/log?path=gone.txt")).Json();

        Assert.Equal([removed, added], Ids(log));
        Assert.Equal("gone.txt", log.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Log_Cursor_PagesWithoutOverlapOrGap()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "0\n"));
        for (var i = 1; i <= 7; i++)
        {
            repo.Write("a.txt", $"{i}\n").Commit($"c{i}");
        }

        using var client = app.CreateClient(TestRole.Actions);
        var all = Ids(await (await client.Get("/git/log?max_count=100")).Json());
        var paged = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.Get("/git/log?max_count=3" + (cursor is null ? "" : "&cursor=" + cursor))).Json();
            paged.AddRange(Ids(page));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(8, all.Length);
        Assert.Equal(all, paged);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("not base64!")]
    [InlineData("LS1vdXRwdXQ9eDox")] // "--output=x:1"
    [InlineData("enp6enp6enp6enp6enp6enp6enp6enp6enp6enp6enp6enp6enp6ejox")] // 40 x 'z' + ":1"
    [InlineData("MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDow")] // skip 0
    [InlineData("MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDox")] // 40 x '0' + ":1": no such commit
    [InlineData("MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDox=")] // padded: not the form issued
    public async Task Log_ForgedCursor_Is400NamingIt(string cursor)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "one\n"));

        using var response = await app.CreateClient(TestRole.Actions).Get("/git/log?cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'cursor'", await response.Detail(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/git/log?ref=--output%3Dx")]
    [InlineData("/git/log?ref=-p")]
    [InlineData("/git/log?ref=HEAD%40%7B1%7D")]
    [InlineData("/git/show?path=a.txt&ref=--output%3Dx")]
    [InlineData("/git/show?path=a.txt&ref=-p")]
    [InlineData("/git/show?path=a.txt&ref=no-such-branch")]
    public async Task History_BadRef_Is400NamingRef(string url)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "one\n"));

        using var response = await app.CreateClient(TestRole.Actions).Get(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'ref'", await response.Detail(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.Root, "app", "x")));
    }

    [Theory]
    [InlineData(".env")]
    [InlineData(".git/config")]
    [InlineData("x.pem")]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b.txt")]
    [InlineData("node_modules/m/index.js")]
    public async Task History_RefusedPath_Is403AndAudited(string path)
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write(".env", "DB_PASSWORD=hunter2\n").Write("x.pem", "pem body\n").Write("node_modules/m/index.js", "module\n").Commit("refused");
        using var client = app.CreateClient(TestRole.Actions);
        var escaped = Uri.EscapeDataString(path);

        using var show = await client.Get("/git/show?path=" + escaped);
        using var log = await client.Get("/git/log?path=" + escaped);

        Assert.Equal(HttpStatusCode.Forbidden, show.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, log.StatusCode);
        Assert.DoesNotContain("hunter2", await show.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, app.AuditLines("ACCESS_DENIED").Count);
    }

    [Fact]
    public async Task History_AllowlistRequired_ServesOnlyAllowlistedPaths()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_ALLOWLIST_REQUIRE", "true");
        await app.RepoWith(("src/app.py", "app\n"), ("src/other.py", "other\n"));
        await File.WriteAllTextAsync(Path.Combine(app.Home, "allowed_paths.json"),
            """{"paths":[{"path":"src/app.py","expires_at":"2026-01-01T01:00:00Z"}]}""");
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.OK, (await client.Get("/git/show?path=src/app.py")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Get("/git/show?path=src/other.py")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Get("/git/log?path=src/other.py")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Get("/git/blame?path=src/other.py")).StatusCode);
    }

    [Fact]
    public async Task Log_DeniedFolder_Is403()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("node_modules/m/index.js", "module\n").Commit("vendored");

        using var response = await app.CreateClient(TestRole.Actions).Get("/git/log?path=node_modules");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task History_PathWithNul_Is400()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "one\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.Get("/git/show?path=a.txt%00b")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Get("/git/log?path=a.txt%00b")).StatusCode);
    }

    [Fact]
    public async Task Show_SymlinkSubmoduleAndFolder_AreRefused()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"), ("src/b.txt", "two\n"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "link.txt"), "/etc/passwd");
        repo.Git("update-index", "--add", "--cacheinfo", "160000," + repo.Git("rev-parse", "HEAD").Trim() + ",sub");
        repo.Git("add", "link.txt");
        repo.Git("commit", "-q", "-m", "link and submodule"); // not Commit(): `add -A` would drop the gitlink, which has no folder
        using var client = app.CreateClient(TestRole.Actions);

        foreach (var path in (string[])["link.txt", "sub", "src"])
        {
            using var response = await client.Get("/git/show?path=" + path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("not a regular file", body, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task History_HostileRepositoryConfig_RunsNothing()
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var marker = Path.Combine(outside.Path, "MARKER");
        var trap = Path.Combine(outside.Path, "trap.sh");
        await File.WriteAllTextAsync(trap, $"#!/bin/sh\ntouch '{marker}'\ncat\n");
        File.SetUnixFileMode(trap, (UnixFileMode)0b111_101_101);
        var repo = await app.RepoWith(("a.txt", "one\n"), (".gitattributes", "* diff=evil filter=evil\n"));
        foreach (var pair in (string[][])[["core.pager", trap], ["diff.external", trap], ["diff.evil.textconv", trap],
            ["filter.evil.smudge", trap], ["filter.evil.clean", trap], ["gpg.program", trap], ["log.showSignature", "true"],
            ["core.fsmonitor", trap], ["mailmap.blob", "HEAD:a.txt"]])
        {
            repo.Git("config", pair[0], pair[1]);
        }

        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".git", "info", "attributes"), "* diff=evil filter=evil\n");
        using var client = app.CreateClient(TestRole.Actions);

        using var show = await client.Get("/git/show?path=a.txt");
        using var log = await client.Get("/git/log?path=a.txt");

        Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        Assert.Equal("one\n", await show.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.False(File.Exists(marker), "a program named by the repository ran");
    }

    [Fact]
    public void Cursor_IsBase64UrlOfCommitAndSkip()
    {
        // Guards the forged-cursor cases above: they are built the way the service builds real ones.
        var text = Encoding.ASCII.GetString(Convert.FromBase64String("MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDox"));
        Assert.Equal(new string('0', 40) + ":1", text);
    }
}
