using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Security;

/// <summary>
/// A real folder tree with real links for the guard's table: root/app (the repository), root/app-evil (a prefix
/// sibling), root/outside (a secret), and links of every kind inside app.
/// </summary>
public sealed class PathGuardFixture : IDisposable
{
    private readonly TempDirectory _root = new("guard");
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public PathGuardFixture(Action<OrchestratorOptions>? configure = null)
    {
        Repo = _root.Combine("app");
        _root.WriteFile("app/src/main.cs", "class Main {}\n");
        _root.WriteFile("app/README.md", "# readme\n");
        _root.WriteFile("app/docs/guide.md", "guide\n");
        _root.WriteFile("app/.env", "TOKEN=x\n");
        _root.WriteFile("app/.git/config", "[core]\n");
        _root.WriteFile("app/.github/workflows/ci.yml", "on: push\n");
        _root.WriteFile("app/node_modules/x.js", "x\n");
        _root.WriteFile("app/src/bin/x.cs", "x\n");
        _root.WriteFile("app/keys/id.pem", "key\n");
        _root.WriteFile("app/con.txt", "device\n");
        _root.WriteFile("app-evil/x.cs", "evil\n");
        _root.WriteFile("outside/secret.txt", "secret\n");

        Link("app/link-out.txt", "../outside/secret.txt");
        Link("app/dir-out", "../outside");
        Link("app/evil-link", "../app-evil");
        Link("app/abs-out.txt", _root.Combine("outside", "secret.txt"));
        Link("app/chain1.txt", "chain2.txt");
        Link("app/chain2.txt", "chain3.txt");
        Link("app/chain3.txt", "../outside/secret.txt");
        Link("app/good1.txt", "good2.txt");
        Link("app/good2.txt", "src/main.cs");
        Link("app/docs-link", "docs");
        Link("app/loop1", "loop2");
        Link("app/loop2", "loop1");
        Link("app/gitlink", ".git");
        Link("app/cfg.txt", ".git/config");
        Link("app/envlink.txt", ".env");
        Link("app/dangling.txt", "nowhere.txt");
        Link("app/out-back", "../outside/back");
        Link("outside/back", Repo);
        Run("mkfifo", Path.Combine(Repo, "pipe.txt"));
        _socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(Repo, "sock.txt"))); // kept open: closing unlinks it

        Options = HomeOptions.Under(_root);
        configure?.Invoke(Options);
        Guard = new PathGuard(
            PathPolicy.From(Options),
            new ServiceFiles(ServiceFilePaths.From(Options)),
            NullLogger<PathGuard>.Instance);
    }

    public string Root => _root.Path;

    public string Repo { get; }

    public OrchestratorOptions Options { get; }

    public PathGuard Guard { get; }

    public string Expand(string path) => path.Replace("{repo}", Repo, StringComparison.Ordinal).Replace("{root}", Root, StringComparison.Ordinal);

    public void Dispose()
    {
        _socket.Dispose();
        _root.Dispose();
    }

    private void Link(string relative, string target) => File.CreateSymbolicLink(_root.Combine(relative), target);

    private static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }
}
