using System.CommandLine;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Cli;

/// <summary>
/// `token show` and `token rotate` for the two built-in tokens, `token create|list|revoke` for named ones
/// (<see cref="NamedTokenCommands"/>). Showing and creating are the only places a token is printed: the operator
/// asked for it on their own terminal. Only file tokens are shown or rotated; a token set by configuration
/// (ORCH_TOKEN) is the operator's to manage where they set it.
/// </summary>
internal static class TokenCommands
{
    public static Command Create(IReadOnlyList<string> settings)
    {
        var token = new Command("token", "Show or rotate the built-in admin or read-only token; create, list or revoke named tokens.");

        var showActions = ActionsOption();
        var show = new Command("show", "Print the token (from its file; created when missing, as the service does).") { showActions };
        CliAction.Set(show, settings, (result, context, output) =>
        {
            var which = Which.Of(context.Options, result.GetValue(showActions));
            RefuseConfigured(which, "shows only a token kept in a file; read it where you set it");
            output.WriteLine(TokenFile.ReadOrCreate(which.File));
            return CliAction.Success;
        });
        token.Subcommands.Add(show);

        var rotateActions = ActionsOption();
        var rotate = new Command("rotate", "Write a new random token to the token file; a running service accepts only the new one at once.") { rotateActions };
        CliAction.SetAsync(rotate, settings, async (result, context, output, _) =>
        {
            var which = Which.Of(context.Options, result.GetValue(rotateActions));
            RefuseConfigured(which, "rotates only a token kept in a file; change the value where you set it and restart the service");
            var fresh = TokenFile.NewToken();
            var fingerprint = TokenFingerprint.Of(fresh);
            // Audited once the new token is in place (a failed write is audited as TOKEN_ROTATE_FAILED); the line
            // names the file and the new token's fingerprint, never the token.
            // SECURITY: the audit line names the new token by fingerprint only, never the token.
            await AuditedAction.RunAsync(context.Get<AuditLog>(), "TOKEN_ROTATE", CliContext.Actor, which.File, () => TokenFile.Write(which.File, fresh), which.Name, fingerprint);
            output.WriteLine($"Rotated the {which.Name} token in {which.File} (new fingerprint {fingerprint}).");
            output.WriteLine($"A running service accepts only the new token from now on; print it with '{ShowCommand(which)}'.");
            return CliAction.Success;
        });
        token.Subcommands.Add(rotate);
        NamedTokenCommands.AddTo(token, settings);
        return token;
    }

    /// <summary>The command that prints the token just rotated (the read-only one needs its flag).</summary>
    private static string ShowCommand(Which which) =>
        which.Name == "admin" ? "repo-orchestrator token show" : "repo-orchestrator token show --actions";

    private static Option<bool> ActionsOption() =>
        new("--actions") { Description = "The read-only (actions) token instead of the admin token." };

    private static void RefuseConfigured(Which which, string what)
    {
        if (which.Configured)
        {
            var source = Environment.GetEnvironmentVariable(which.Variable) is { Length: > 0 }
                ? "the environment"
                : "the configuration (appsettings.json or the command line)";
            throw new CliFailure($"The {which.Name} token is set by {which.Variable} in {source}: this command {what}.");
        }
    }

    /// <summary>Which token a command works on.</summary>
    private sealed record Which(string Name, string Variable, string File, bool Configured)
    {
        public static Which Of(OrchestratorOptions options, bool actions) => actions
            ? new("read-only", "ORCH_ACTIONS_TOKEN", options.ActionsTokenFile, options.ActionsToken is not null)
            : new("admin", "ORCH_TOKEN", options.TokenFile, options.Token is not null);
    }
}
