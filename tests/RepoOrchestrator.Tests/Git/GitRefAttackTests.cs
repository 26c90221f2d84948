using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Git;

/// <summary>Ref names that pass the ref pattern but that git resolves to something other than one commit id.</summary>
public sealed class GitRefAttackTests
{
    /// <summary>
    /// `rev-parse --verify --quiet ^HEAD^{commit}` exits 0 and prints "^&lt;id&gt;" (a negative revision). That is not an
    /// id, so today the caller is told 409 "git cannot read the active repository (it may be damaged…)": a bad ref
    /// reported as a damaged repository. Item 7 asks for "bad ref" in our words (400 naming the parameter).
    /// </summary>
    [Theory]
    [InlineData("^HEAD")]
    [InlineData("^main")]
    public async Task Diff_NegativeRevisionAsBase_Is400NamingTheParameter(string name)
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        await app.SelectAsync(repo);
        using var http = app.CreateClient(TestRole.Actions);

        using var response = await http.Get("/diff?base=" + Uri.EscapeDataString(name));
        var detail = await response.Detail();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'base'", detail, StringComparison.Ordinal);
    }
}
