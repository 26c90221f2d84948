using System.Net;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

/// <summary>
/// A dot-folder, a denied folder or a git folder (or anything inside one) is never a repository: every way of
/// selecting one (select, open, vitaminize, `repos select`, MCP `select_repo`) answers 400 naming the folder,
/// and a stored selection that breaks the rule is not served.
/// </summary>
public sealed class SelectionRuleTests
{
    /// <summary>Path to select, and the words its detail must contain.</summary>
    public static TheoryData<string, string> RefusedFolders() => new()
    {
        { "app/.git", "'.git' is a dot-folder" },
        { "app/.git/refs", "'.git' is a dot-folder" },
        { ".hidden", "'.hidden' is a dot-folder" },
        { "node_modules", "'node_modules' is a denied folder (ORCH_DENIED_DIRS)" },
        { "app/build", "'build' is a denied folder (ORCH_DENIED_DIRS)" },
        { "bare.git", "'bare.git' is a git folder" },
        { "bare.git/objects", "'bare.git' is a git folder" },
        { "renamed-gitdir", "'renamed-gitdir' is a git folder" },
    };

    [Theory]
    [MemberData(nameof(RefusedFolders))]
    public async Task SelectOpenVitaminize_RefusedFolder_Are400NamingIt(string path, string expected)
    {
        await using var app = new OrchestratorApp();
        Build(app);
        using var client = app.CreateClient(TestRole.Admin);
        var before = Files(app.Root);

        foreach (var endpoint in new[] { "select", "open", "vitaminize" })
        {
            using var response = await client.PostAsync(new Uri($"/ui/repos/{endpoint}?path={Uri.EscapeDataString(path)}", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var detail = await response.Detail();
            Assert.Contains(expected, detail, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Root, detail, StringComparison.Ordinal); // names the folder, never a host path
        }

        Assert.Null(app.Service<RepositoryService>().ActivePath());
        Assert.Equal(before, Files(app.Root)); // vitaminize wrote nothing
    }

    [Theory]
    [MemberData(nameof(RefusedFolders))]
    public async Task ReposSelectCli_RefusedFolder_ExitsOneWithTheDetail(string path, string expected)
    {
        await using var app = new OrchestratorApp();
        Build(app);

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "select", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Null(app.Service<RepositoryService>().ActivePath());
    }

    [Theory]
    [MemberData(nameof(RefusedFolders))]
    public async Task McpSelectRepo_RefusedFolder_IsError400(string path, string expected)
    {
        await using var app = new OrchestratorApp();
        Build(app);
        var address = app.StartKestrel();
        await using var mcp = await McpTestClient.ConnectAsync(address, TestRole.Admin);

        var result = await mcp.CallAsync(McpToolNames.SelectRepo, ("path", path));

        Assert.True(result.IsError);
        Assert.StartsWith("Error 400: ", result.Text(), StringComparison.Ordinal);
        Assert.Contains(expected, result.Text(), StringComparison.Ordinal);
        Assert.Null(app.Service<RepositoryService>().ActivePath());
    }

    [Fact]
    public async Task Reads_StoredActiveRepositoryIsAGitFolder_Are409AndServeNothing()
    {
        await using var app = new OrchestratorApp();
        var repo = Build(app);
        // A selection an older version accepted: the state store names the repository's .git folder.
        app.Service<RepositoryService>().Activate(Path.Combine(repo.Path, ".git"));
        using var client = app.CreateClient(TestRole.Actions);

        foreach (var url in new[] { "/file?path=config", "/tree", "/search?q=core", "/diff?base=HEAD" })
        {
            using var response = await client.Get(url);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var detail = await response.Detail();
            Assert.Contains("'.git' is a dot-folder", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("repositoryformatversion", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var admin = app.CreateClient(TestRole.Admin);
        var status = await (await admin.Get("/ui/status")).Json();
        Assert.StartsWith("DEGRADED", status.GetProperty("service_status").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_OrdinaryRepository_StillWorksNextToRefusedFolders()
    {
        await using var app = new OrchestratorApp();
        Build(app);
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri("/ui/repos/select?path=app", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var mcpTools = new McpAdminTools(app.Service<RepositoryService>(), app.Service<RepositoryCatalog>(), app.Service<McpToolRunner>());
        var admin = OrchestratorClaims.CreatePrincipal(OrchestratorRole.Admin, "0123abcd");
        Assert.NotEqual(true, (await mcpTools.SelectRepo("app", admin)).IsError);
    }

    /// <summary>A repository with a build/ folder, a dot-folder, a denied folder, a bare repository and a git folder by another name.</summary>
    private static TempGitRepo Build(OrchestratorApp app)
    {
        var repo = app.CreateRepo("app");
        repo.Write("readme.md", "hi\n").Write("build/out.txt", "x\n").Commit();
        Directory.CreateDirectory(Path.Combine(app.Root, ".hidden"));
        Directory.CreateDirectory(Path.Combine(app.Root, "node_modules"));
        repo.Git("init", "-q", "--bare", Path.Combine(app.Root, "bare.git")); // a real bare repository
        var renamed = Path.Combine(app.Root, "renamed-gitdir");
        Directory.CreateDirectory(Path.Combine(renamed, "objects"));
        Directory.CreateDirectory(Path.Combine(renamed, "refs"));
        File.WriteAllText(Path.Combine(renamed, "HEAD"), "ref: refs/heads/main\n");
        return repo;
    }

    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.Contains(".orch-home", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
