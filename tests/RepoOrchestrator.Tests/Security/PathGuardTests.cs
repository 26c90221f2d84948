using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tests.Security;

public sealed class PathGuardTests
{
    [Theory]
    // good paths
    [InlineData("src/main.cs", "src/main.cs")]
    [InlineData("./src/main.cs", "src/main.cs")]
    [InlineData("src//main.cs", "src/main.cs")]
    [InlineData("src\\main.cs", "src/main.cs")]
    [InlineData("README.md", "README.md")]
    [InlineData("{repo}/src/main.cs", "src/main.cs")]
    [InlineData("good1.txt", "src/main.cs")]
    [InlineData("docs-link/guide.md", "docs/guide.md")]
    [InlineData("out-back/README.md", "README.md")] // leaves and comes back: the final target is inside (SPEC 6.1)
    public void ResolveFile_AllowedPath_ResolvesInsideTheRepository(string request, string expectedReal)
    {
        using var f = new PathGuardFixture();
        var result = f.Guard.ResolveFile(f.Repo, f.Expand(request)).Value;
        Assert.Equal(Path.Combine(f.Repo, expectedReal), result.FullPath);
    }

    [Theory]
    // traversal and absolute paths
    [InlineData("../app-evil/x.cs")]
    [InlineData("src/../../outside/secret.txt")]
    [InlineData("src/../README.md")]
    [InlineData("..\\outside\\secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("{root}/outside/secret.txt")]
    [InlineData("{root}/app-evil/x.cs")]
    [InlineData("{repo}-evil/x.cs")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("src/main.cs:stream")]
    [InlineData("src/main.cs\0.txt")]
    // links leaving the repository, chains, loops, and back in through the outside
    [InlineData("link-out.txt")]
    [InlineData("abs-out.txt")]
    [InlineData("dir-out/secret.txt")]
    [InlineData("dir-out/missing.txt")]
    [InlineData("evil-link/x.cs")]
    [InlineData("chain1.txt")]
    [InlineData("loop1")]
    [InlineData("loop1/x.txt")]
    // .git and dot-names, also through links
    [InlineData(".git/config")]
    [InlineData(".GIT/config")]
    [InlineData("gitlink/config")]
    [InlineData("cfg.txt")]
    [InlineData("envlink.txt")]
    [InlineData(".env")]
    [InlineData(".github/workflows/ci.yml")]
    // denied folders and extensions in any case
    [InlineData("node_modules/x.js")]
    [InlineData("Node_Modules/x.js")]
    [InlineData("src/bin/x.cs")]
    [InlineData("src/BIN/x.cs")]
    [InlineData("keys/id.pem")]
    [InlineData("keys/id.PEM")]
    [InlineData("keys/id.pem.")]
    [InlineData("prod.Env")]
    // device names as any component
    [InlineData("con.txt")]
    [InlineData("CON")]
    [InlineData("src/NUL.cs")]
    [InlineData("LPT1.log")]
    [InlineData("com9")]
    [InlineData("AUX.tar.gz")]
    [InlineData("COM1/x.cs")]
    [InlineData("prn ")]
    // not regular files: never opened
    [InlineData("pipe.txt")]
    [InlineData("sock.txt")]
    public void ResolveFile_RefusedPath_Is403WithoutHostPaths(string request)
    {
        using var f = new PathGuardFixture();
        var problem = Refusal(f.Guard.ResolveFile(f.Repo, f.Expand(request)));
        Assert.Equal(403, problem.Status);
        Assert.Equal(PathGuard.DeniedDetail, problem.Detail);
    }

    [Theory]
    [InlineData("src/missing.cs", 404)]
    [InlineData("dangling.txt", 404)]
    [InlineData("src", 400)]
    [InlineData(".", 400)]
    [InlineData("", 400)]
    [InlineData(null, 400)]
    public void ResolveFile_MissingOrFolder_IsNotFoundOrBadRequest(string? request, int status)
    {
        using var f = new PathGuardFixture();
        var problem = Refusal(f.Guard.ResolveFile(f.Repo, request));
        Assert.Equal(status, problem.Status);
        Assert.DoesNotContain(f.Root, problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ".")]
    [InlineData(".", ".")]
    [InlineData("src", "src")]
    [InlineData("docs-link", "docs-link")]
    public void ResolveFolder_Folder_Resolves(string? request, string expectedRelative)
    {
        using var f = new PathGuardFixture();
        Assert.Equal(expectedRelative, f.Guard.ResolveFolder(f.Repo, request).Value.RelativePath);
    }

    [Theory]
    [InlineData("README.md", 400)]
    [InlineData("dir-out", 403)]
    [InlineData("gitlink", 403)]
    [InlineData("node_modules", 403)]
    [InlineData("missing", 404)]
    public void ResolveFolder_NotAnAcceptableFolder_IsRefused(string request, int status)
    {
        using var f = new PathGuardFixture();
        var problem = Refusal(f.Guard.ResolveFolder(f.Repo, request));
        Assert.Equal(status, problem.Status);
    }

    [Fact]
    public void ResolveFile_ServiceFileWhenHomeIsTheRepository_IsRefused()
    {
        using var f = new PathGuardFixture(o =>
        {
            o.Home = Path.Combine(o.RepoRoot!, "app");
            o.AuditLogPath = Path.Combine(o.Home, "logs", "orchestrator_audit.log");
            o.AllowlistPath = Path.Combine(o.Home, "allowed_paths.json");
        });
        File.WriteAllText(Path.Combine(f.Repo, "allowed_paths.json"), "{}");
        Directory.CreateDirectory(Path.Combine(f.Repo, "logs"));
        File.WriteAllText(Path.Combine(f.Repo, "logs", "orchestrator_audit.log.1"), "line\n");

        Assert.Equal(403, Refusal(f.Guard.ResolveFile(f.Repo, "allowed_paths.json")).Status);
        Assert.Equal(403, Refusal(f.Guard.ResolveFile(f.Repo, "logs/orchestrator_audit.log.1")).Status);
        Assert.Equal(Path.Combine(f.Repo, "README.md"), f.Guard.ResolveFile(f.Repo, "README.md").Value.FullPath);
    }

    [Theory]
    [InlineData("CON", true)]
    [InlineData("nul.txt", true)]
    [InlineData("Com1.tar.gz", true)]
    [InlineData("lpt9", true)]
    [InlineData("AUX ", true)]
    [InlineData("console.txt", false)]
    [InlineData("com10", false)]
    [InlineData("nullable.cs", false)]
    public void IsDeviceName_ReservedNames_AnyCaseAnyExtension(string name, bool expected) =>
        Assert.Equal(expected, PathRules.IsDeviceName(name));

    private static Problem Refusal(Outcome<GuardedPath> outcome) =>
        outcome.Problem ?? throw new Xunit.Sdk.XunitException("The guard accepted a path it should refuse: " + outcome.Value.FullPath);
}
