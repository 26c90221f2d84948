using System.Net;
using System.Net.Http.Headers;
using ModelContextProtocol.Protocol;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Named tokens (issue 17): created, listed and revoked from the command line, with a role, a repository scope, an expiry and a rate.</summary>
public sealed class NamedTokenTests
{
    [Fact]
    public async Task TokenCreate_ReaderToken_ReadsAndIsAuditedByName()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("src/app.py", "print('hi')\n"));

        var created = await Infrastructure.Cli.RunAsync(app, "token", "create", "ci-bot");

        Assert.Equal(0, created.ExitCode);
        var token = Assert.Single(created.OutputLines);
        Assert.Contains("shown once", created.Error, StringComparison.Ordinal);
        using var client = Client(app, token);
        using var read = await client.Get("/file?path=src/app.py");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Get("/ui/repos")).StatusCode); // reader, not admin
        var line = Assert.Single(app.AuditLines("READ_SNAPSHOT"));
        Assert.Contains($"ACTOR:ci-bot:{TokenFingerprint.Of(token)}", line, StringComparison.Ordinal);
        var create = Assert.Single(app.AuditLines("TOKEN_CREATE"));
        Assert.Contains("PATH:ci-bot", create, StringComparison.Ordinal);
        Assert.DoesNotContain(token, create, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(app.Home, "orchestrator.db")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenList_ShowsNamesRolesAndScopes_NeverATokenOrHash()
    {
        await using var app = new OrchestratorApp();
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "create", "reviewer", "--repos", "app,team/*", "--expires", "30d")).OutputLines);
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(app, "token", "create", "ops", "--role", "admin", "--rate", "5")).ExitCode);

        var list = await Infrastructure.Cli.RunAsync(app, "token", "list");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.OutputLines, l => l.StartsWith("reviewer\treader\tapp,team/*\t", StringComparison.Ordinal));
        Assert.Contains(list.OutputLines, l => l.StartsWith("ops\tadmin\t*\t*\tnever\t5\t", StringComparison.Ordinal));
        Assert.DoesNotContain(token, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenFingerprint.HexHash(token), list.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("actions")]
    [InlineData("Bad Name")]
    [InlineData("-x")]
    public async Task TokenCreate_ReservedOrMalformedName_IsRefused(string name)
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "token", "create", name);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("--repos", "../outside")]
    [InlineData("--repos", "/etc")]
    [InlineData("--expires", "30")]
    [InlineData("--expires", "0d")]
    [InlineData("--role", "root")]
    [InlineData("--rate", "0")]
    public async Task TokenCreate_BadOption_IsRefusedWithNoToken(string option, string value)
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "token", "create", "x1", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains(option, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreate_NameTaken_IsRefused()
    {
        await using var app = new OrchestratorApp();
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(app, "token", "create", "dup")).ExitCode);

        var again = await Infrastructure.Cli.RunAsync(app, "token", "create", "dup");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRevoke_LiveHost_RefusedFromTheNextRequest()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"));
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "create", "temp")).OutputLines);
        using var client = Client(app, token);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/tree")).StatusCode);

        var revoke = await Infrastructure.Cli.RunAsync(app, "token", "revoke", "temp");

        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Get("/tree")).StatusCode);
        Assert.Single(app.AuditLines("TOKEN_REVOKE"));
        Assert.Equal(1, (await Infrastructure.Cli.RunAsync(app, "token", "revoke", "temp")).ExitCode);
    }

    [Fact]
    public async Task NamedToken_PastItsExpiry_IsRefused()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        await app.RepoWith(("a.py", "x = 1\n"));
        var store = app.Service<NamedTokenStore>();
        var token = store.Create("short", OrchestratorRole.Actions, RepositoryScope.All, app.Time.GetUtcNow().AddHours(1), null).Value;
        using var client = Client(app, token);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/tree")).StatusCode);

        app.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Get("/tree")).StatusCode);
    }

    [Fact]
    public async Task NamedToken_LastUsed_IsRecordedWithoutAWritePerRequest()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        await app.RepoWith(("a.py", "x = 1\n"));
        var store = app.Service<NamedTokenStore>();
        var token = store.Create("agent", OrchestratorRole.Actions, RepositoryScope.All, null, null).Value;
        Assert.Null(Assert.Single(store.List()).LastUsedAt);
        using var client = Client(app, token);

        await client.Get("/tree");
        var first = Assert.Single(store.List()).LastUsedAt;
        app.Time.Advance(TimeSpan.FromSeconds(10));
        await client.Get("/tree");
        var unchanged = Assert.Single(store.List()).LastUsedAt;
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await client.Get("/tree");

        Assert.Equal(app.Time.GetUtcNow().AddMinutes(-2).AddSeconds(-10).ToUnixTimeMilliseconds(), first!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(first, unchanged);
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeMilliseconds(), Assert.Single(store.List()).LastUsedAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task NamedToken_StateStoreFull_StillReads()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"));
        var token = app.Service<NamedTokenStore>().Create("agent", OrchestratorRole.Actions, RepositoryScope.All, null, null).Value;
        using var client = Client(app, token);
        app.Service<RepoOrchestrator.State.StateStore>().BeforeWrite = () => throw Faults.DiskFullTests.DiskFull();

        using var response = await client.Get("/tree"); // its "last used" cannot be written: a record, not a check

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        app.Service<RepoOrchestrator.State.StateStore>().BeforeWrite = null;
    }

    [Fact]
    public async Task NamedToken_OwnRate_LimitsOnlyThatToken()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"));
        var token = app.Service<NamedTokenStore>().Create("slow", OrchestratorRole.Actions, RepositoryScope.All, null, 2).Value;
        using var slow = Client(app, token);
        using var actions = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.OK, (await slow.Get("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await slow.Get("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await slow.Get("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await actions.Get("/status")).StatusCode);
    }

    [Theory]
    [InlineData("/file?path=a.py")]
    [InlineData("/tree")]
    [InlineData("/search?q=value")]
    [InlineData("/diff")]
    public async Task ScopedToken_ActiveRepositoryOutOfScope_Is403OnEveryRead(string url)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "value = 1\n")); // the active repository is "app"
        var token = app.Service<NamedTokenStore>().Create("other-only", OrchestratorRole.Actions, Scope("other,team/*"), null, null).Value;
        using var client = Client(app, token);

        using var response = await client.Get(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("may read only the repositories other,team/*; 'app' is not one of them", body, StringComparison.Ordinal);
        Assert.Empty(app.AuditLines("READ_SNAPSHOT"));
    }

    [Fact]
    public async Task ScopedToken_ActiveRepositoryInScope_Reads()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "value = 1\n"));
        var token = app.Service<NamedTokenStore>().Create("app-only", OrchestratorRole.Actions, Scope("ap?"), null, null).Value;
        using var client = Client(app, token);

        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=a.py")).StatusCode);
    }

    [Fact]
    public async Task ScopedAdmin_SeesAndSelectsOnlyItsRepositories()
    {
        await using var app = new OrchestratorApp();
        var mine = app.CreateRepo("mine");
        mine.Write("a.py", "x = 1\n");
        mine.Commit("one");
        var theirs = app.CreateRepo("theirs");
        theirs.Write("b.py", "y = 2\n");
        theirs.Commit("two");
        var token = app.Service<NamedTokenStore>().Create("mine-admin", OrchestratorRole.Admin, Scope("mine"), null, null).Value;
        using var client = Client(app, token);

        var list = await client.GetStringAsync(new Uri("/ui/repos", UriKind.Relative));
        using var select = await client.PostAsync(new Uri("/ui/repos/select?path=theirs", UriKind.Relative), null);
        using var selectMine = await client.PostAsync(new Uri("/ui/repos/select?path=mine", UriKind.Relative), null);

        Assert.Contains("\"mine\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("theirs", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, select.StatusCode);
        Assert.Contains("'theirs' is not one of them", await select.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, selectMine.StatusCode);
    }

    [Fact]
    public async Task ScopedToken_McpTools_SeeOnlyTheirRepositories()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "value = 1\n"));
        var reader = app.Service<NamedTokenStore>().Create("mcp-other", OrchestratorRole.Actions, Scope("other"), null, null).Value;
        var admin = app.Service<NamedTokenStore>().Create("mcp-admin", OrchestratorRole.Admin, Scope("other"), null, null).Value;
        await using var readerClient = await app.ConnectInProcessAsync(reader);
        await using var adminClient = await app.ConnectInProcessAsync(admin);

        // Two calls on one session: the scope holds for every call, not only the first.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var read = await readerClient.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "a.py" });
            Assert.True(read.IsError);
            var text = Assert.IsType<TextContentBlock>(read.Content[0]).Text;
            Assert.Contains("Error 403", text, StringComparison.Ordinal);
            Assert.Contains("'app' is not one of them", text, StringComparison.Ordinal);
        }

        var list = await adminClient.CallToolAsync("list_repos", new Dictionary<string, object?>());
        var select = await adminClient.CallToolAsync("select_repo", new Dictionary<string, object?> { ["path"] = "app" });

        Assert.DoesNotContain("\"app\"", Assert.IsType<TextContentBlock>(list.Content[0]).Text, StringComparison.Ordinal);
        Assert.True(select.IsError);
        Assert.Empty(app.AuditLines("READ_SNAPSHOT"));
    }

    private static RepositoryScope Scope(string list) => RepositoryScope.Parse(list, out _)!;

    private static HttpClient Client(OrchestratorApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
