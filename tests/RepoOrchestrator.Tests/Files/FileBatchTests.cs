using System.Net;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Files;

/// <summary>Issue 18: several files in one call (`GET /files`, MCP `read_files`) under one byte budget; a failing file never fails the batch.</summary>
public sealed class FileBatchTests
{
    [Fact]
    public async Task Files_MixedBatch_EachFileAnsweredInItsEntryInRequestOrder()
    {
        await using var app = new OrchestratorApp();
        var token = ReadPathTestKit.FakeGitHubToken();
        await app.RepoWith(("a.py", "x = 1\n"), ("b.txt", ReadPathTestKit.Lines(10)), ("cfg.py", $"token = \"{token}\"\n"), ("blob.txt", "a\0b\n"), (".env", "K=V\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/files?path=a.py&path=b.txt:3-4&path=.env&path=missing.py&path=blob.txt&path=cfg.py");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([200, 200, 403, 404, 415, 200], files.Select(f => f.GetProperty("status").GetInt32()));
        Assert.Equal("x = 1\n", files[0].GetProperty("content").GetString());
        Assert.Equal("line 3\nline 4\n", files[1].GetProperty("content").GetString());
        Assert.Equal(3, files[1].GetProperty("start_line").GetInt32());
        Assert.Equal(10, files[1].GetProperty("total_lines").GetInt32());
        Assert.False(files[2].TryGetProperty("content", out _));
        Assert.False(string.IsNullOrEmpty(files[3].GetProperty("detail").GetString()));
        Assert.Contains("[REDACTED]", files[5].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.False(json.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(3, app.AuditLines("READ_SNAPSHOT").Count); // each served file has its own audit line
        Assert.Single(app.AuditLines("ACCESS_DENIED"));
    }

    [Fact]
    public async Task Files_OverTheBudget_CutFileSaysWhereToContinueAndTheRestAreNotRead()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_BYTES", "1024");
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(400)), ("b.txt", ReadPathTestKit.Lines(400)), ("c.txt", "c\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var json = JsonDocument.Parse(await (await client.Get("/files?path=a.txt&path=b.txt&path=c.txt")).Content.ReadAsStringAsync());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();

        Assert.True(json.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(1024, json.RootElement.GetProperty("budget_bytes").GetInt32());
        Assert.True(files[0].GetProperty("truncated").GetBoolean());
        var content = files[0].GetProperty("content").GetString()!;
        Assert.EndsWith(ReadPathTestKit.Marker, content, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(content) <= 1024);
        var next = files[0].GetProperty("next_start_line").GetInt32();
        Assert.StartsWith($"line {next - 1}\n", content[content.LastIndexOf($"line {next - 1}\n", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain($"line {next}\n", content, StringComparison.Ordinal);
        foreach (var skipped in files.Skip(1))
        {
            Assert.Equal(0, skipped.GetProperty("status").GetInt32());
            Assert.True(skipped.GetProperty("skipped").GetBoolean());
            Assert.Contains("read_file", skipped.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Single(app.AuditLines("READ_SNAPSHOT")); // files not read are not audited as read
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task Files_NoneOrTooMany_Is400NamingTheLimit(int count)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/files" + (count == 0 ? "" : "?" + string.Join('&', Enumerable.Repeat("path=a.py", count))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1 to 20 times", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(app.AuditLines("READ_SNAPSHOT"));
    }

    [Theory]
    [InlineData("a.py:0-3", 400)]
    [InlineData("a.py:3-1", 400)]
    [InlineData("a.py:9999999999-", 400)]
    [InlineData("../a.py", 403)]
    public async Task Files_BadWindowOrPath_IsReportedInItsEntry(string spec, int status)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\ny = 2\nz = 3\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/files?path=" + Uri.EscapeDataString(spec) + "&path=a.py");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, files[0].GetProperty("status").GetInt32());
        Assert.Equal(200, files[1].GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ReadFilesTool_ReaderToken_ReadsLikeTheEndpoint()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"), ("b.py", "y = 2\n"));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallToolAsync("read_files", new Dictionary<string, object?> { ["paths"] = new[] { "a.py", "b.py:1-1" } });

        Assert.NotEqual(true, result.IsError);
        var text = result.Text();
        Assert.Contains("x = 1", text, StringComparison.Ordinal);
        Assert.Contains("y = 2", text, StringComparison.Ordinal);
        Assert.Contains("truncated: false", text, StringComparison.Ordinal);
        Assert.Equal(2, app.AuditLines("MCP_READ_SNAPSHOT").Count);
    }

    [Theory]
    [InlineData("""{"paths":[]}""", "`paths` must hold at least 1")]
    [InlineData("""{"paths":["a.py",5]}""", "`paths[1]` must be a string")]
    [InlineData("""{"paths":"a.py"}""", "`paths` must be an array")]
    public async Task ReadFilesTool_BadArgument_NamesItAsTheSchemaSpellsIt(string arguments, string expected)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);
        var parsed = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!;

        var result = await client.CallToolAsync("read_files", parsed);

        Assert.True(result.IsError);
        Assert.Contains(expected, result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFilesTool_TooManyPaths_NamesTheLimit()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallToolAsync("read_files", new Dictionary<string, object?> { ["paths"] = Enumerable.Repeat("a.py", 21).ToArray() });

        Assert.True(result.IsError);
        Assert.Contains("`paths`", result.Text(), StringComparison.Ordinal);
        Assert.Contains("20", result.Text(), StringComparison.Ordinal);
    }
}
