using Microsoft.AspNetCore.Http;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Security;

/// <summary>
/// A request's token is checked once (the rate limiter and authentication share the answer), and the answer never
/// outlives the request: a token file rewritten between two requests takes effect on the second.
/// </summary>
public sealed class RequestTokenCheckTests
{
    private const string Admin = "admin-token-0123456789abcdef";
    private const string Old = "actions-token-old-0123456789";
    private const string New = "actions-token-new-0123456789";

    private static (TokenStore Store, string File) Store(TempDirectory dir)
    {
        var file = dir.Combine(".orch_actions_token");
        File.WriteAllText(file, Old + "\n");
        var options = new OrchestratorOptions { Token = Admin, TokenFile = dir.Combine(".orch_token"), ActionsTokenFile = file };
        return (new TokenStore(TokenSettings.From(options)), file);
    }

    private static void Rewrite(string file, string token)
    {
        File.WriteAllText(file, token + "\n");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(5)); // a change the stamp sees, however coarse the clock
    }

    [Fact]
    public void SameRequest_SameToken_GetsTheFirstAnswer_ANewRequestAsksTheStoreAgain()
    {
        using var dir = new TempDirectory();
        var (store, file) = Store(dir);
        var first = new DefaultHttpContext();

        var (before, fingerprint) = RequestTokenCheck.Identify(first, store, Old);
        Rewrite(file, New);
        var (again, _) = RequestTokenCheck.Identify(first, store, Old);
        var (next, _) = RequestTokenCheck.Identify(new DefaultHttpContext(), store, Old);
        var (rotated, _) = RequestTokenCheck.Identify(new DefaultHttpContext(), store, New);

        Assert.Equal(OrchestratorRole.Actions, before?.Role);
        Assert.Equal(TokenFingerprint.Of(Old), fingerprint);
        Assert.Same(before, again);  // one check per request ...
        Assert.Null(next);           // SECURITY: ... never carried into the next one: the rotated-out token is refused
        Assert.Equal(OrchestratorRole.Actions, rotated?.Role);
    }

    [Fact]
    public void SameRequest_AnotherToken_IsCheckedOnItsOwn()
    {
        using var dir = new TempDirectory();
        var (store, _) = Store(dir);
        var context = new DefaultHttpContext();

        var (actions, _) = RequestTokenCheck.Identify(context, store, Old);
        var (admin, adminPrint) = RequestTokenCheck.Identify(context, store, Admin);
        var (unknown, _) = RequestTokenCheck.Identify(context, store, "not-a-token-0123456789");

        Assert.Equal(OrchestratorRole.Actions, actions?.Role);
        Assert.Equal(OrchestratorRole.Admin, admin?.Role);
        Assert.Equal(TokenFingerprint.Of(Admin), adminPrint);
        Assert.Null(unknown);
    }
}
