using System.Net;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.State;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

public sealed class ActiveRepositoryCacheTests
{
    [Fact]
    public async Task ActivePath_AfterAnotherProcessSelects_SeesTheNewRepositoryAtOnce()
    {
        await using var app = new OrchestratorApp();
        var first = app.CreateRepo("first").Write("a.txt", "first\n");
        var second = app.CreateRepo("second").Write("a.txt", "second\n");
        await app.SelectAsync(first);
        var repositories = app.Service<RepositoryService>();
        Assert.Equal(PathContainment.ResolveRealPath(first.Path), repositories.ActivePath());
        Assert.Equal(PathContainment.ResolveRealPath(first.Path), repositories.ActivePath()); // cached read

        // The command-line tool is another process with its own connection to the same state store.
        using (var cli = new StateStore(app.Service<ServiceHome>()))
        {
            cli.SetSetting(RepositoryService.ActiveRepoKey, PathContainment.ResolveRealPath(second.Path));
        }

        Assert.Equal(PathContainment.ResolveRealPath(second.Path), repositories.ActivePath());
        using var client = app.CreateClient(TestRole.Actions);
        Assert.Equal("second\n", await (await client.Get("/file?path=a.txt")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ActiveRepository_ReplacedByAFileOrALinkOutOfTheRoot_Is409()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app").Write("a.txt", "first\n");
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=a.txt")).StatusCode);
        var real = PathContainment.ResolveRealPath(repo.Path)!;

        Directory.Move(real, real + "-moved");
        File.WriteAllText(real, "a file where the repository was\n");
        using (var response = await client.Get("/file?path=a.txt"))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("no longer available", await response.Detail(), StringComparison.Ordinal);
        }

        File.Delete(real);
        using var outside = new TempDirectory("orch-outside");
        File.WriteAllText(Path.Join(outside.Path, "a.txt"), "outside\n");
        File.CreateSymbolicLink(real, outside.Path); // a link to a folder outside the root
        using (var response = await client.Get("/file?path=a.txt"))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.DoesNotContain("outside", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ActivePath_AfterTheSettingIsCleared_IsNull()
    {
        await using var app = new OrchestratorApp();
        await app.SelectAsync(app.CreateRepo("only"));
        var repositories = app.Service<RepositoryService>();
        Assert.NotNull(repositories.ActivePath());

        app.Service<StateStore>().SetSetting(RepositoryService.ActiveRepoKey, null);

        Assert.Null(repositories.ActivePath());
    }
}
