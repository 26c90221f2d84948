using System.Net;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.OAuth;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Review round 36b: breaks a review found in the edge round 36 changes; each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReviewRound36bTests
{
    // A token as TokenFile.NewToken makes them: base64url, so one in 64 starts with '-'.
    private const string Secret = "Zq8vLm2xPw9rTn4k" + "Qe7Hy3";

    /// <summary>
    /// The command line masks "the word after an unknown option" only when that word does not start with '-', and never
    /// the value of an unknown option written `--token=&lt;value&gt;` or `-t=&lt;value&gt;`. Tokens are base64url, so one in
    /// 64 starts with '-': `--token -Zq8…` printed "Unknown option '-Zq8…'" to stderr, and `-t=Zq8…` printed "Unknown option '-t=Zq8…'".
    /// </summary>
    [Theory]
    [InlineData("--token", "-" + Secret)]
    [InlineData("--token=" + Secret, null)]
    [InlineData("-t=" + Secret, null)]
    [InlineData("--token", "--" + Secret)]
    public async Task CommandLine_AValueInAnyFormAfterAnUnknownOption_IsNeverPrintedBack(string option, string? value)
    {
        await using var app = new OrchestratorApp();
        string[] words = value is null ? [option] : [option, value];

        var serving = await Infrastructure.Cli.RunAsync(app, [.. words, "bogus"]);
        var command = await Infrastructure.Cli.RunAsync(app, ["audit", "tail", .. words]);

        Assert.Equal(RepoOrchestrator.Cli.OrchestratorCommandLine.UsageError, serving.ExitCode);
        Assert.DoesNotContain(Secret, serving.Error + serving.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, command.Error + command.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// ORCH_REDACTION_RULES naming a rules file in a folder other users may write (/srv/shared/rules.toml): the folder
    /// check of edge round 36 holds the token files, the allowlist and the audit log to the home's rule, but not the rules
    /// file, whose top-level [allowlist] applies to the built-in rules too. Another user puts
    /// `[allowlist] regexes = ['.']` in its place and from the next start no secret is redacted anywhere.
    /// </summary>
    [Fact]
    public void RedactionRules_InAFolderOtherUsersMayWrite_IsRefused()
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("home")).FullName;
        var open = Directory.CreateDirectory(dir.Combine("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777, no sticky bit
        var rules = Path.Combine(open, "rules.toml");
        File.WriteAllText(rules, "[[rules]]\nid = \"x\"\nregex = 'xyzzy[0-9]{8}'\n");
        var options = new OrchestratorOptions
        {
            Home = home,
            HomeIsDefault = false,
            TokenFile = Path.Combine(home, ".orch_token"),
            ActionsTokenFile = Path.Combine(home, ".orch_actions_token"),
            AllowlistPath = Path.Combine(home, "allowed_paths.json"),
            AuditLogPath = Path.Combine(home, "audit.log"),
            RedactionRulesPath = rules,
        };

        var result = new OrchestratorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"ORCH_REDACTION_RULES is invalid: the folder {open} may be written by other users", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// The folder check resolves links in the folder's path, but not the kept file itself: ORCH_TOKEN_FILE (or the audit
    /// log, the allowlist, the rules) named in this user's own folder as a link to a file in a folder other users may write
    /// (`~/.config/orch/token -> /srv/shared/token`, the link dangling or not) passed, and the service reads and writes the
    /// file where the link points: another user replaces it there.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KeptFile_ALinkIntoAFolderOtherUsersMayWrite_IsRefused(bool targetExists)
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("home")).FullName;
        var open = Directory.CreateDirectory(dir.Combine("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777, no sticky bit
        var target = Path.Combine(open, "token");
        if (targetExists)
        {
            File.WriteAllText(target, "Zq8vLm2xPw9rTn4kQe7Hy3Zq8vLm2xPw9rTn4kQe7Hy3");
        }

        var link = Path.Combine(home, "token-link");
        File.CreateSymbolicLink(link, target);
        var options = new OrchestratorOptions
        {
            Home = home,
            HomeIsDefault = false,
            TokenFile = link,
            ActionsTokenFile = Path.Combine(home, ".orch_actions_token"),
            AllowlistPath = Path.Combine(home, "allowed_paths.json"),
            AuditLogPath = Path.Combine(home, "audit.log"),
        };

        var result = new OrchestratorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"ORCH_TOKEN_FILE is invalid: the folder {open} may be written by other users", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// The null-redirect fix of edge round 36 left the same pattern in grant_types and response_types: the check looks for
    /// the first refused entry and takes a null it finds for "none refused", so `"grant_types": [null, "client_credentials"]`
    /// or `"response_types": [null, "token"]` registered a client (or passed a client ID metadata document) whose declared
    /// grants the rules refuse. No right follows from it (permissions are fixed), but the registration rules are one check.
    /// </summary>
    [Theory]
    [InlineData("grant_types", "client_credentials")]
    [InlineData("response_types", "token")]
    public async Task OAuth_RegisterWithANullBeforeARefusedGrant_Is400(string field, string refused)
    {
        await using var app = OAuthTestFlow.NewApp();
        using var flow = new OAuthTestFlow(app);
        var body = new Dictionary<string, object?>
        {
            ["redirect_uris"] = new[] { OAuthTestFlow.RedirectUri },
            ["client_name"] = "x",
            [field] = new string?[] { null, refused },
        };

        using var response = await flow.RegisterRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(app.Service<RepoOrchestrator.Security.Panic.PanicService>().IsPanicOn());
    }

    /// <summary>
    /// The root command leaves unmatched tokens to the web host (TreatUnmatchedTokensAsErrors = false), and with it no
    /// command reported one: `token create ci --repo app` (for --repos) created a reader token for every repository, and
    /// `--tool read_file` or `--expire 1h` one for every tool or forever, exit 0 and no word of the option it ignored. A
    /// command other than serving (and `mcp`, which passes its tokens on) refuses an unknown word, as serving does.
    /// </summary>
    [Theory]
    [InlineData("--repo", "app")]
    [InlineData("--tool", "read_file")]
    [InlineData("--expire", "1h")]
    public async Task CommandLine_AMistypedScopeOption_CreatesNoToken(string option, string value)
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "token", "create", "ci", option, value);

        Assert.Equal(RepoOrchestrator.Cli.OrchestratorCommandLine.UsageError, result.ExitCode);
        Assert.Contains($"'{option}'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>().List(), t => t.Name == "ci");
    }
}
