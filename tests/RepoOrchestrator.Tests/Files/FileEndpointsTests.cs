using System.Net;
using System.Text;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Files;

public sealed class FileEndpointsTests
{
    [Fact]
    public async Task File_SmallFile_ReturnsWholeBodyWithHeadersAndAudit()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("src/app.py", "print('hi')\nprint('bye')\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=src/app.py");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("print('hi')\nprint('bye')\n", body);
        Assert.Equal("2", response.Headers.GetValues("X-Total-Lines").Single());
        var hash = response.Headers.GetValues("X-Content-SHA256").Single();
        Assert.Equal(ReadPathTestKit.Sha256(body), hash);
        var line = Assert.Single(app.AuditLines("READ_SNAPSHOT"));
        Assert.Matches(@"^\S+ \| INFO \| OP:READ_SNAPSHOT \| PATH:src/app.py \| RANGE:1-2 \| HASH:" + hash + @" \| ACTOR:actions:[0-9a-f]{8} \| ROLE:reader \| CLIENT:\S+ \| CHAIN:", line);
    }

    [Fact]
    public async Task File_ExplicitRange_ReturnsThoseLinesWithoutMarker()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(10)));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=a.txt&start_line=3&end_line=5");

        Assert.Equal("line 3\nline 4\nline 5\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("10", response.Headers.GetValues("X-Total-Lines").Single());
        Assert.Contains("RANGE:3-5", Assert.Single(app.AuditLines("READ_SNAPSHOT")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_DefaultRangeOnLongerFile_EndsWithMarker()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_LINES", "5");
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(8)));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/file?path=a.txt")).Content.ReadAsStringAsync();

        Assert.Equal(ReadPathTestKit.Lines(5) + ReadPathTestKit.Marker, body);
    }

    [Fact]
    public async Task File_RangeLongerThanMaxLines_IsCutWithMarker()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_LINES", "3");
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(10)));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=a.txt&start_line=2&end_line=9");

        Assert.Equal("line 2\nline 3\nline 4\n" + ReadPathTestKit.Marker, await response.Content.ReadAsStringAsync());
        Assert.Contains("RANGE:2-4", Assert.Single(app.AuditLines("READ_SNAPSHOT")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_ExplicitEndBeforeTheEnd_HasNoMarker()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_LINES", "5");
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(8)));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/file?path=a.txt&start_line=1&end_line=5")).Content.ReadAsStringAsync();

        Assert.Equal(ReadPathTestKit.Lines(5), body);
    }

    [Fact]
    public async Task File_DefaultRangeReachingTheEnd_HasNoMarker()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_LINES", "5");
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(5)));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(ReadPathTestKit.Lines(5), await (await client.Get("/file?path=a.txt")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task File_StartPastTheEnd_Is416SayingTheFileLength()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(4)));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=a.txt&start_line=50");

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("start_line 50 is past the end of 'a.txt', which has 4 line(s): ask for start_line 1 to 4.", await response.Detail());
    }

    [Fact]
    public async Task File_EmptyFileFromLineOne_Is200Empty()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("empty.txt", ""));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=empty.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", response.Headers.GetValues("X-Total-Lines").Single());
    }

    [Fact]
    public async Task File_StartOneAfterTheLastLine_Is416()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(4)));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=a.txt&start_line=5");

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task File_OverMaxBytes_IsCutOnACharacterBoundaryWithMarker()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_BYTES", "1024");
        var text = string.Concat(Enumerable.Repeat("é€😀x\n", 400)); // 2-, 3- and 4-byte characters
        await app.RepoWith(("u.txt", text));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=u.txt&start_line=1&end_line=400");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var body = Encoding.UTF8.GetString(bytes);

        Assert.True(bytes.Length <= 1024, $"{bytes.Length} bytes");
        Assert.EndsWith(ReadPathTestKit.Marker, body, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', body);
        Assert.StartsWith(body[..^ReadPathTestKit.Marker.Length], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_LargerThanMaxFileBytes_Is413()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_FILE_BYTES", "100");
        await app.RepoWith(("big.txt", new string('x', 101)));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=big.txt");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("ORCH_MAX_FILE_BYTES", await response.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_NulInFirst8KiB_Is415()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.WriteBytes("data.txt", [.. "text"u8, 0, .. "more"u8]);
        repo.Commit();
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=data.txt");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task File_NulAfterFirst8KiB_IsServed()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.WriteBytes("late.txt", [.. Encoding.UTF8.GetBytes(new string('a', 9000)), 0]);
        repo.Commit();
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=late.txt")).StatusCode);
    }

    [Theory]
    [InlineData("/file?path=a.txt&start_line=0", "start_line")]
    [InlineData("/file?path=a.txt&start_line=-3", "start_line")]
    [InlineData("/file?path=a.txt&start_line=5&end_line=4", "end_line")]
    [InlineData("/file?path=a.txt&start_line=abc", "start_line")]
    [InlineData("/file?path=a.txt&end_line=x", "end_line")]
    [InlineData("/file", "path")]
    public async Task File_BadParameter_Is400NamingIt(string url, string parameter)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, await response.Detail(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData(".env")]
    [InlineData(".git/config")]
    [InlineData("%2Fetc%2Fpasswd")]
    public async Task File_RefusedPath_Is403WithTheSpecTextAndIsAudited(string path)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a\n"), (".env", "X=1\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=" + path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Access denied: this path is not served (refused are: paths that leave the repository root, also through a link; denied folders such as .git; dot-names; denied extensions; hard links; paths not on the allowlist when one is required; anything that is not a readable regular file).", await response.Detail());
        Assert.Contains("| WARNING | OP:ACCESS_DENIED |", Assert.Single(app.AuditLines("ACCESS_DENIED")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_Missing_Is404WithoutHostPath()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=src/nope.cs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var detail = await response.Detail();
        Assert.Contains("src/nope.cs", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Root, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_Folder_Is400()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("src/a.txt", "a\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.Get("/file?path=src")).StatusCode);
    }

    [Fact]
    public async Task File_CommittedGitHubToken_IsRedacted()
    {
        await using var app = new OrchestratorApp();
        var token = ReadPathTestKit.FakeGitHubToken();
        await app.RepoWith(("config.py", $"GITHUB = \"{token}\"\nname = 'ok'\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/file?path=config.py")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", body, StringComparison.Ordinal);
        Assert.Contains("name = 'ok'", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_SliceStartingInsideAPrivateKey_ShowsNoKeyLine()
    {
        await using var app = new OrchestratorApp();
        var key = string.Join('\n', Enumerable.Range(0, 6).Select(i => new string((char)('A' + i), 64)));
        var text = $"before\n-----BEGIN RSA PRIVATE KEY-----\n{key}\n-----END RSA PRIVATE KEY-----\nafter\n";
        await app.RepoWith(("notes.txt", text));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/file?path=notes.txt&start_line=4&end_line=10")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("CCCCCCCC", body, StringComparison.Ordinal);
        Assert.DoesNotContain("FFFFFFFF", body, StringComparison.Ordinal);
        Assert.EndsWith("after\n", body, StringComparison.Ordinal);
    }
}
