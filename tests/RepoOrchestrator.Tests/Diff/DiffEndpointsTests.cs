using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Processes;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Diff;

public sealed class DiffEndpointsTests
{
    [Fact]
    public async Task Diff_Default_IsTheStatBetweenMainAndHead()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Write("a.txt", "one\ntwo\n").Write("src/b.py", "print()\n").Commit("feature");
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/diff");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(" a.txt    | 1 +", text, StringComparison.Ordinal);
        Assert.Contains(" src/b.py | 1 +", text, StringComparison.Ordinal);
        Assert.Contains("2 files changed, 2 insertions(+)", text, StringComparison.Ordinal);
        Assert.Contains("| OP:DIFF | PATH:main..HEAD | RANGE:stat |", Assert.Single(app.AuditLines("DIFF")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_PatchMode_ReturnsTheFullPatchRedacted()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var token = ReadPathTestKit.FakeGitHubToken();
        repo.Write("settings.json", $"{{\"token\": \"{token}\"}}\n").Commit("add");
        using var client = app.CreateClient(TestRole.Actions);

        var text = await (await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains("diff --git a/settings.json b/settings.json", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_PatchAddingAPrivateKey_ShowsNoKeyLine()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var key = string.Join('\n', Enumerable.Range(0, 4).Select(i => new string((char)('K' + i), 64)));
        repo.Write("fixture.txt", $"-----BEGIN EC PRIVATE KEY-----\n{key}\n-----END EC PRIVATE KEY-----\n").Commit("key");
        using var client = app.CreateClient(TestRole.Actions);

        var text = await (await client.Get("/diff?base=HEAD~1&mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains("fixture.txt", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KKKKKKKK", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NNNNNNNN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_RefusedFiles_AreLeftOutOfTheDiff()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write(".env", "DB_PASSWORD=hunter2\n").Write("certs/site.pem", "pem body\n").Write("node_modules/m/index.js", "module\n")
            .Write("b.txt", "visible\n").Commit("mixed");
        using var client = app.CreateClient(TestRole.Actions);

        var patch = await (await client.Get("/diff?base=HEAD~1&mode=patch")).Content.ReadAsStringAsync();
        var stat = await (await client.Get("/diff?base=HEAD~1")).Content.ReadAsStringAsync();

        Assert.Contains("+visible", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("pem body", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("module", patch, StringComparison.Ordinal);
        Assert.Contains("1 file changed", stat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_OverMaxBytes_IsCappedWithMarker()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_BYTES", "2000");
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("big.txt", ReadPathTestKit.Lines(1000)).Commit("big");
        using var client = app.CreateClient(TestRole.Actions);

        var bytes = await (await client.Get("/diff?base=HEAD~1&mode=patch")).Content.ReadAsByteArrayAsync();

        Assert.True(bytes.Length <= 2000, $"{bytes.Length} bytes");
        Assert.EndsWith(ReadPathTestKit.Marker, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("base=-output%3D%2Ftmp%2Fx", "base")]
    [InlineData("head=--exec%3Dtouch", "head")]
    [InlineData("base=main%20HEAD", "base")]
    [InlineData("base=%24(touch%20x)", "base")]
    [InlineData("head=HEAD%40%7B1%7D", "head")]
    [InlineData("mode=full", "mode")]
    public async Task Diff_BadParameter_Is400NamingIt(string query, string parameter)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "one\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/diff?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"'{parameter}'", await response.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_RefOf257Characters_Is400()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "one\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.Get("/diff?base=" + new string('a', 257))).StatusCode);
    }

    [Fact]
    public async Task Diff_UnknownRef_Is400InOurWordsWithNoHostPath()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "one\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/diff?base=no-such-branch");
        var detail = await response.Detail();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'no-such-branch' is not a commit", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("fatal", detail, StringComparison.Ordinal); // git's own words stay in the operational log
        Assert.DoesNotContain(app.Root, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_GitTimesOut_Is400()
    {
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.Replace(ServiceDescriptor.Singleton<IProcessRunner, TimingOutRunner>()));
        await app.RepoWith(("a.txt", "one\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/diff");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("timed out", await response.Detail(), StringComparison.Ordinal);
    }

    private sealed class TimingOutRunner : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(ProcessRequest request, TimeSpan timeout, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ProcessResult(-1, "", "", TimedOut: true, OutputTruncated: false));
    }
}
