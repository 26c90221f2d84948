using System.Diagnostics;
using System.Net;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using RepoOrchestrator.Tests.OAuth;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Edge round 36: attacks on authentication, OAuth, MCP, the dashboard, the audit log and the home folder; each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EdgeRound36Tests
{
    /// <summary>
    /// A client_id URL whose server sends JSON headers at once and then a byte a second, forever. HttpClient.Timeout
    /// covers only the headers (the fetch asks for ResponseHeadersRead), so the body read waited as long as the hostile
    /// server liked, and it waited holding the one gate every client_id document fetch goes through: no other URL
    /// client could sign in until the attacker hung up. The whole fetch, body included, is bounded by the 5 seconds.
    /// </summary>
    [Fact]
    public async Task UrlClient_DocumentBodyThatNeverEnds_IsRefusedInTime_AndDoesNotHoldOtherClients()
    {
        await using var site = await ClientMetadataDocumentTests.DocumentSite.StartAsync();
        var goodId = site.Url("/client.json");
        site.Documents["/client.json"] = ClientMetadataDocumentTests.Document(goodId, OAuthTestFlow.RedirectUri, "Good Client");
        await using var app = ClientMetadataDocumentTests.LoopbackAllowed(new OrchestratorApp(), site);
        using var flow = new OAuthTestFlow(app);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var endless = flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(site.Url("/endless.json"), OAuthTestFlow.Pkce().Challenge), UriKind.Relative), giveUp.Token);
        await Task.Delay(500, giveUp.Token); // the endless fetch holds the gate first
        using var good = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(goodId, OAuthTestFlow.Pkce().Challenge), UriKind.Relative), giveUp.Token);
        using var refused = await endless;

        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode); // on to the consent page
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("5 seconds", await refused.Content.ReadAsStringAsync(giveUp.Token), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    /// <summary>
    /// A client_id document is read again after an hour, so a redirect URI its owner withdrew stops working. The check ran
    /// in a middleware matching the path "/oauth/authorize" exactly, but OpenIddict answers its endpoint whatever the
    /// case and with a trailing slash: "/OAuth/Authorize" reached OpenIddict with the stale registration, and the
    /// withdrawn redirect URI was still accepted (the document was never fetched again).
    /// </summary>
    [Theory]
    [InlineData("/OAuth/Authorize")]
    [InlineData("/oauth/authorize/")]
    public async Task UrlClient_AuthorizePathSpelledOtherwise_StillReadsTheDocumentAgain(string path)
    {
        await using var site = await ClientMetadataDocumentTests.DocumentSite.StartAsync();
        var clientId = site.Url("/client.json");
        site.Documents["/client.json"] = ClientMetadataDocumentTests.Document(clientId, OAuthTestFlow.RedirectUri, "Doc Client");
        await using var app = ClientMetadataDocumentTests.LoopbackAllowed(new OrchestratorApp { UseFakeTime = true }, site);
        using var flow = new OAuthTestFlow(app);
        using var first = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // The owner withdraws the redirect URI; an hour later someone still uses it.
        site.Documents["/client.json"] = ClientMetadataDocumentTests.Document(clientId, "http://127.0.0.1:7777/other", "Doc Client");
        app.Time.Advance(TimeSpan.FromHours(2));
        var query = OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge);
        using var stale = await flow.Browser.GetAsync(new Uri(path + query[query.IndexOf('?', StringComparison.Ordinal)..], UriKind.Relative));

        Assert.Equal(2, site.Requests);
        Assert.NotEqual(HttpStatusCode.Redirect, stale.StatusCode);
    }

    /// <summary>
    /// Every authorization request of a URL client waited for the one gate of document fetches, even for a client read a
    /// minute ago that needs no fetch: a stream of client_ids whose servers take the whole 5 seconds (anyone can send
    /// them, no token needed) kept every URL client from signing in. A client whose document is current goes on at
    /// once, and fetches of different client_ids do not wait for one another.
    /// </summary>
    [Fact]
    public async Task UrlClient_ReadRecently_DoesNotWaitForAnotherClientsSlowFetch()
    {
        await using var site = await ClientMetadataDocumentTests.DocumentSite.StartAsync();
        var goodId = site.Url("/client.json");
        site.Documents["/client.json"] = ClientMetadataDocumentTests.Document(goodId, OAuthTestFlow.RedirectUri, "Good Client");
        await using var app = ClientMetadataDocumentTests.LoopbackAllowed(new OrchestratorApp(), site);
        using var flow = new OAuthTestFlow(app);
        using var first = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(goodId, OAuthTestFlow.Pkce().Challenge), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var slow = flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(site.Url("/endless.json"), OAuthTestFlow.Pkce().Challenge), UriKind.Relative));
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        using var again = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(goodId, OAuthTestFlow.Pkce().Challenge), UriKind.Relative));
        var waited = clock.Elapsed;
        using var refused = await slow;

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.True(waited < TimeSpan.FromSeconds(2), $"waited {waited}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    /// <summary>
    /// A named admin token scoped to one repository may not manage tokens ("a scoped token could otherwise mint itself a
    /// wider one"), but it could approve an OAuth sign-in: it registers a client with a loopback redirect, starts the
    /// flow, approves it on the consent API as role admin for every repository, exchanges the code and holds an unscoped
    /// admin identity on /mcp. Approving an OAuth client grants rights like creating a token: the same rule holds.
    /// </summary>
    [Fact]
    public async Task OAuth_ConsentByARepositoryScopedAdmin_IsRefused()
    {
        await using var app = OAuthTestFlow.NewApp();
        using var flow = new OAuthTestFlow(app);
        var scoped = app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>()
            .Create("one-repo-admin", RepoOrchestrator.Security.Authentication.OrchestratorRole.Admin, RepoOrchestrator.Security.Authentication.RepositoryScope.Parse("app", out _)!, null, null);
        using var scopedAdmin = app.CreateClient(scoped.Value);
        var clientId = await flow.RegisterAsync();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge));

        using var view = await scopedAdmin.GetAsync(new Uri("/oauth/consent/" + id, UriKind.Relative));
        using var decided = await OAuthTestFlow.DecideRawAsync(scopedAdmin, id, new { approve = true, name = "escalated", role = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, view.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, decided.StatusCode);
        Assert.Contains("without a repository or tool scope", await decided.Detail(), StringComparison.Ordinal);
        Assert.Null(app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>().IdentifyClient(clientId));
    }

    /// <summary>
    /// A named admin token scoped to "other" while the active repository is "app": every read is 403, but the allowlist
    /// endpoints used the active repository without the caller's scope, so the scoped admin listed the allowlisted paths
    /// of "app" and added or removed entries there (with ORCH_ALLOWLIST_REQUIRE, what every other token may read).
    /// </summary>
    [Fact]
    public async Task ScopedAdmin_AllowlistOfAnActiveRepositoryOutOfScope_Is403()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "value = 1\n"), ("secret-plans.md", "x\n")); // the active repository is "app"
        using (var admin = app.CreateClient(TestRole.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri("/ui/allowlist?path=secret-plans.md", UriKind.Relative), null)).StatusCode);
        }

        var token = app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>()
            .Create("other-admin", RepoOrchestrator.Security.Authentication.OrchestratorRole.Admin, RepoOrchestrator.Security.Authentication.RepositoryScope.Parse("other", out _)!, null, null).Value;
        using var scoped = app.CreateClient(token);

        using var list = await scoped.Get("/ui/allowlist");
        using var add = await scoped.PostAsync(new Uri("/ui/allowlist?path=a.py", UriKind.Relative), null);
        using var remove = await scoped.DeleteAsync(new Uri("/ui/allowlist?path=secret-plans.md", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.DoesNotContain("secret-plans", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Contains("'app' is not one of them", await remove.Detail(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A named admin token scoped to "other" gets 403 for every read of "app", but the audit panel served it the whole
    /// log: the paths, hashes and ranges read in "app" (and the repository's folder on disk), line by line, through
    /// `/ui/audit`, `/ui/audit/export` and the last line in `/ui/status`. The log spans every repository, so reading it
    /// is held to the rule of token management: an admin token without a repository or tool scope.
    /// </summary>
    [Fact]
    public async Task ScopedAdmin_AuditLogOfOtherRepositories_IsNotServed()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("merger-plans.md", "x\n"));
        using (var reader = app.CreateClient(TestRole.Actions))
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.Get("/file?path=merger-plans.md")).StatusCode);
        }

        var token = app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>()
            .Create("other-admin", RepoOrchestrator.Security.Authentication.OrchestratorRole.Admin, RepoOrchestrator.Security.Authentication.RepositoryScope.Parse("other", out _)!, null, null).Value;
        using var scoped = app.CreateClient(token);

        using var audit = await scoped.Get("/ui/audit");
        using var export = await scoped.Get("/ui/audit/export");
        var status = await (await scoped.Get("/ui/status")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.DoesNotContain("merger-plans", await audit.Content.ReadAsStringAsync() + await export.Content.ReadAsStringAsync() + status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopedAdmin_SecurityEventsAndClearingLockdown_AreForAnUnscopedAdminOnly()
    {
        await using var app = new OrchestratorApp();
        var token = app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>()
            .Create("other-admin", RepoOrchestrator.Security.Authentication.OrchestratorRole.Admin, RepoOrchestrator.Security.Authentication.RepositoryScope.Parse("other", out _)!, null, null).Value;
        using var scoped = app.CreateClient(token);
        using var admin = app.CreateClient(TestRole.Admin);

        using var events = await scoped.Get("/ui/security/events");
        using var clear = await scoped.PostAsync(new Uri("/ui/security/resolve?action=clear_panic", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Forbidden, events.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clear.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Get("/ui/security/events")).StatusCode);
    }

    /// <summary>
    /// The operator revokes an OAuth client's approval (its refresh token leaked, say) and later approves the same client
    /// again, perhaps for one repository only. Tokens were checked only against "the client has a live approval", not
    /// against the approval they were issued under: the leaked refresh token (and a live access token) of the revoked
    /// approval worked again under the new one. A URL client_id (a client ID metadata document) is the same for every
    /// user of that client, which makes a new approval of the same client_id the common case.
    /// </summary>
    [Fact]
    public async Task OAuth_TokensOfARevokedApproval_StayDead_WhenTheClientIsApprovedAgain()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (clientId, leakedAccess, leakedRefresh) = await flow.ApprovedClientAsync(approvalName: "first");
        Assert.True(app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>().Revoke("first"));

        var (verifier, challenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge));
        var back = await flow.FinishAsync(await flow.DecideAsync(id, true, "second"));
        var fresh = await flow.ExchangeAsync(clientId, back["code"], verifier);

        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(fresh.GetProperty("access_token").GetString()!)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.ListToolsAsync(leakedAccess)).Status);
        using var refreshed = await flow.RefreshRawAsync(clientId, leakedRefresh);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.StatusCode);
        using var freshRefresh = await flow.RefreshRawAsync(clientId, fresh.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, freshRefresh.StatusCode);
    }

    /// <summary>
    /// Anyone who can reach the OAuth endpoints (public, through the tunnel) posts a form over ASP.NET Core's form limits
    /// (more than 1024 fields, or a value over 4 MiB). OpenIddict's form read threw InvalidDataException, answered as a
    /// bare 500 and recorded as a PANIC failure: three such posts within a minute turned lockdown on, with no token at
    /// all, which refuses every OAuth sign-in and refresh until the operator clears it. Such a form is a 400 naming the
    /// limit, and is no failure.
    /// </summary>
    [Theory]
    [InlineData("/oauth/token")]
    [InlineData("/oauth/authorize")]
    [InlineData("/oauth/revoke")]
    public async Task OAuth_FormOverTheLimits_Is400_AndDoesNotTripLockdown(string path)
    {
        await using var app = OAuthTestFlow.NewApp();
        using var flow = new OAuthTestFlow(app);
        string[] bodies = ["client_id=" + new string('x', 5 * 1024 * 1024), string.Concat(Enumerable.Range(0, 2000).Select(i => $"k{i}=v&")), string.Concat(Enumerable.Range(0, 2000).Select(i => $"k{i}=v&"))];

        var answers = new List<(HttpStatusCode Status, string Text)>();
        foreach (var body in bodies)
        {
            using var content = new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
            using var response = await flow.Browser.PostAsync(new Uri(path, UriKind.Relative), content);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.False(app.Service<RepoOrchestrator.Security.Panic.PanicService>().IsPanicOn());
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        Assert.All(answers, a => Assert.Contains("limit", a.Text, StringComparison.Ordinal));
    }

    /// <summary>
    /// Anonymous dynamic client registration with `"redirect_uris": [null]`: the check looked for the first URI it refused
    /// and took the null it found for "none refused", so the null reached `new Uri(null)`: a 500 and a PANIC failure,
    /// and three such posts turned lockdown on with no token at all. A null entry is refused like any bad URI.
    /// </summary>
    [Fact]
    public async Task OAuth_RegisterWithANullRedirectUri_Is400_AndDoesNotTripLockdown()
    {
        await using var app = OAuthTestFlow.NewApp();
        using var flow = new OAuthTestFlow(app);
        var answers = new List<(HttpStatusCode Status, string Text)>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await flow.RegisterRawAsync(new { redirect_uris = new string?[] { null }, client_name = "x" });
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.False(app.Service<RepoOrchestrator.Security.Panic.PanicService>().IsPanicOn());
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        Assert.All(answers, a => Assert.Contains("redirect URI must be an absolute URL", a.Text, StringComparison.Ordinal));
    }

    /// <summary>
    /// An agent asks for "/file?path=notes&lt;U+2028&gt;2026-01-01T00:00:00.000Z INFO OP:CLEAR_PANIC" (a hostile repository
    /// can name a file so, too). The audit line cleaned CR, LF, controls and '|', but U+2028 LINE SEPARATOR and U+2029
    /// PARAGRAPH SEPARATOR went into the log as they were: line ends to Python's splitlines, JavaScript's multi-line
    /// regexes and many log shippers, which then read one line as two, the second starting with the caller's text.
    /// </summary>
    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    public async Task Audit_PathWithAUnicodeLineSeparator_StaysOneLine(char separator)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("notes.txt", "hello\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=" + Uri.EscapeDataString("notes" + separator + "2026-01-01T00:00:00.000Z INFO OP:CLEAR_PANIC.txt"));
        var log = await File.ReadAllTextAsync(app.Service<RepoOrchestrator.Audit.AuditLog>().FilePath);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // audited as ACCESS_DENIED with the path asked for
        Assert.DoesNotContain(separator, log);
        Assert.Contains($"PATH:notes<U+{(int)separator:X4}>2026-01-01T00:00:00.000Z INFO OP:CLEAR_PANIC.txt", log, StringComparison.Ordinal);
    }

    /// <summary>
    /// `repo-orchestrator --orch_token &lt;token&gt;` (a setting in lower case, which configuration reads case-insensitively)
    /// or `--token &lt;token&gt;` (no such option): the command line printed "Unknown command '&lt;token&gt;'" to stderr (a
    /// terminal's scrollback, the service journal). The value after an unknown option is never printed back, and a
    /// setting is recognized in any case.
    /// </summary>
    [Theory]
    [InlineData("--orch_token")]
    [InlineData("--token")]
    [InlineData("--Orch_Actions_Token")]
    public async Task CommandLine_ATokenAfterAnOption_IsNeverPrintedBack(string option)
    {
        await using var app = new OrchestratorApp();
        var secret = "Zq8vLm2xPw9rTn4k" + "Qe7Hy3";

        var serving = await Infrastructure.Cli.RunAsync(app, option, secret, "bogus");
        var command = await Infrastructure.Cli.RunAsync(app, "token", "list", option, secret);

        Assert.DoesNotContain(secret, serving.Error + serving.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, command.Error + command.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// ORCH_HOME=/srv/shared/orch, the home itself 0700 and this user's, but /srv/shared writable by other users (no sticky
    /// bit). The default home is refused there (another user could rename it away after the start and put a home of their
    /// own, with a token file they know, in its place: the running service re-reads the token file when it changes), but a
    /// named home was checked only for itself. The same folders-above check now holds for both.
    /// </summary>
    [Fact]
    public void NamedHome_InAFolderOtherUsersMayWrite_IsRefused()
    {
        using var dir = new TempDirectory();
        var open = Directory.CreateDirectory(dir.Combine("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777, no sticky bit
        var home = Directory.CreateDirectory(Path.Combine(open, "orch")).FullName;
        File.SetUnixFileMode(home, HomeFiles.FolderMode);

        var result = new OrchestratorOptionsValidator().Validate(null, new OrchestratorOptions
        {
            Home = home,
            HomeIsDefault = false,
            AuditLogPath = Path.Combine(home, "logs", "orchestrator_audit.log"),
        });

        Assert.True(result.Failed);
        Assert.Contains($"lies in {open}, which other users may write", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// ORCH_TOKEN_FILE, ORCH_ACTIONS_TOKEN_FILE, ORCH_ALLOWLIST_PATH or ORCH_AUDIT_LOG_PATH naming a file in a folder other
    /// users may write: another user replaces the token file (or plants it before the first start) and their token is the
    /// admin token from the next request; or rewrites the allowlist, or the whole audit log with a chain of their own. Each
    /// file's folder is held to the home's rule.
    /// </summary>
    [Theory]
    [InlineData("ORCH_TOKEN_FILE")]
    [InlineData("ORCH_ACTIONS_TOKEN_FILE")]
    [InlineData("ORCH_ALLOWLIST_PATH")]
    [InlineData("ORCH_AUDIT_LOG_PATH")]
    public void KeptFile_InAFolderOtherUsersMayWrite_IsRefused(string variable)
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("home")).FullName;
        var open = Directory.CreateDirectory(dir.Combine("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777, no sticky bit
        string Kept(string name, string file) => name == variable ? Path.Combine(open, file) : Path.Combine(home, file);
        var options = new OrchestratorOptions
        {
            Home = home,
            HomeIsDefault = false,
            TokenFile = Kept("ORCH_TOKEN_FILE", ".orch_token"),
            ActionsTokenFile = Kept("ORCH_ACTIONS_TOKEN_FILE", ".orch_actions_token"),
            AllowlistPath = Kept("ORCH_ALLOWLIST_PATH", "allowed_paths.json"),
            AuditLogPath = Kept("ORCH_AUDIT_LOG_PATH", "audit.log"),
        };

        var result = new OrchestratorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"{variable} is invalid: the folder {open} may be written by other users", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void KeptFiles_InThisUsersOwnFolders_Start()
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("home")).FullName;
        var elsewhere = Directory.CreateDirectory(dir.Combine("elsewhere", "not-yet")).Parent!.FullName; // a folder the service would create
        Directory.Delete(Path.Combine(elsewhere, "not-yet"));
        var options = new OrchestratorOptions
        {
            Home = home,
            HomeIsDefault = false,
            TokenFile = Path.Combine(elsewhere, "not-yet", "token"),
            ActionsTokenFile = Path.Combine(home, ".orch_actions_token"),
            AllowlistPath = Path.Combine(home, "allowed_paths.json"),
            AuditLogPath = Path.Combine(elsewhere, "audit.log"),
        };

        Assert.False(new OrchestratorOptionsValidator().Validate(null, options).Failed);
    }



}
