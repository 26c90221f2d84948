using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

/// <summary>The repository list the dashboard shows: natural order, a git mark, and HEAD's commit time kept fresh.</summary>
public sealed class RepositoryListTests
{
    [Fact]
    public void NaturalOrder_SortsNumbersByValue_AndLettersWithoutCase()
    {
        string[] names = ["repo10", "Repo2", "repo1", "alpha", "repo02", "Beta", "repo1a"];

        var sorted = names.Order(NaturalOrder.Instance).ToArray();

        Assert.Equal(["alpha", "Beta", "repo1", "repo1a", "Repo2", "repo02", "repo10"], sorted);
    }

    [Fact]
    public async Task List_MarksGitFolders_AndGivesHeadsCommitTime_RefreshedAfterANewCommit()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("repo10").Write("a.txt", "a\n");
        repo.Commit();
        app.CreateRepo("repo9").Write("b.txt", "b\n").Commit();
        Directory.CreateDirectory(Path.Combine(app.Root, "notes"));
        using var admin = app.CreateClient(TestRole.Admin);

        var first = (await (await admin.Get("/ui/repos")).Json()).GetProperty("repos").EnumerateArray().ToArray();

        Assert.Equal(["notes", "repo9", "repo10"], first.Select(r => r.GetProperty("name").GetString()!).ToArray());
        Assert.False(first[0].GetProperty("is_git").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first[0].GetProperty("last_commit_at").ValueKind);
        Assert.True(first[2].GetProperty("is_git").GetBoolean());
        var before = first[2].GetProperty("last_commit_at").GetDateTimeOffset();
        Assert.Equal(long.Parse(repo.Git("log", "-1", "--format=%ct").Trim(), System.Globalization.CultureInfo.InvariantCulture), before.ToUnixTimeSeconds());

        // A commit made in 2030 (its committer time written into the object), then the branch moved to it.
        using var scratch = new TempDirectory("orch-commit");
        var commitText = Path.Combine(scratch.Path, "commit.txt");
        File.WriteAllText(commitText, $"tree {repo.Git("rev-parse", "HEAD^{tree}").Trim()}\nparent {repo.Git("rev-parse", "HEAD").Trim()}\n"
            + "author t <t@example.com> 1893456000 +0000\ncommitter t <t@example.com> 1893456000 +0000\n\nlater\n");
        var later = repo.Git("hash-object", "-t", "commit", "-w", commitText).Trim();
        repo.Git("update-ref", "HEAD", later);

        var after = (await (await admin.Get("/ui/repos")).Json()).GetProperty("repos").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "repo10").GetProperty("last_commit_at").GetDateTimeOffset();
        Assert.Equal(1893456000, after.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task HostileRepository_WithAGitFolderPointingElsewhere_IsListedWithoutACommitTime()
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var elsewhere = new TempGitRepo(outside.Path, "real");
        elsewhere.Write("a.txt", "a\n").Commit();
        var hostile = Path.Combine(app.Root, "hostile");
        Directory.CreateDirectory(hostile);
        File.WriteAllText(Path.Combine(hostile, ".git"), $"gitdir: {Path.Combine(elsewhere.Path, ".git")}\n");
        using var admin = app.CreateClient(TestRole.Admin);

        var entry = Assert.Single((await (await admin.Get("/ui/repos")).Json()).GetProperty("repos").EnumerateArray());

        Assert.Equal("hostile", entry.GetProperty("name").GetString());
        Assert.True(entry.GetProperty("is_git").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("last_commit_at").ValueKind);
    }

    [Fact]
    public async Task HostileRepository_WithAFifoAsHead_IsListedAtOnce_WithoutACommitTime()
    {
        await using var app = new OrchestratorApp().With("ORCH_SUBPROCESS_TIMEOUT", "600");
        var repo = app.CreateRepo("fifo").Write("a.txt", "a\n");
        repo.Commit();
        File.Delete(Path.Combine(repo.Path, ".git", "HEAD"));
        ReadPathTestKit.MakeFifo(Path.Combine(repo.Path, ".git", "HEAD"));
        using var admin = app.CreateClient(TestRole.Admin);
        admin.Timeout = TimeSpan.FromSeconds(120); // far below git's timeout here: asking git fails the test

        // git would wait on the FIFO until its (here ten-minute) timeout: the list never asks it.
        var entry = Assert.Single((await (await admin.Get("/ui/repos")).Json()).GetProperty("repos").EnumerateArray());

        Assert.True(entry.GetProperty("is_git").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("last_commit_at").ValueKind);
    }
}
