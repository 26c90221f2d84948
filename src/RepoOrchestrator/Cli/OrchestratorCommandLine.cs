using System.CommandLine;
using RepoOrchestrator.Hosting;

namespace RepoOrchestrator.Cli;

/// <summary>
/// The `repo-orchestrator` command line. Serving is the default: unknown tokens (such as the arguments the
/// test host passes to Main) go on to the web host untouched. Every other command works on the same
/// ORCH_HOME as a running service and takes the same `--ORCH_X=value` settings.
/// </summary>
public static class OrchestratorCommandLine
{
    public static RootCommand Create(string[] originalArgs)
    {
        ArgumentNullException.ThrowIfNull(originalArgs);
        var (settings, _) = CliConfiguration.Split(originalArgs);
        var root = new RootCommand("Repo Orchestrator: safe, read-only, audited access to local git repositories.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((_, _) => OrchestratorApplication.RunAsync(originalArgs));

        var serve = new Command("serve", "Run the HTTP service (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, _) => OrchestratorApplication.RunAsync([.. settings, .. result.UnmatchedTokens]));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(TokenCommands.Create(settings));
        root.Subcommands.Add(PanicCommands.Create(settings));
        root.Subcommands.Add(AuditCommands.Create(settings));
        root.Subcommands.Add(RepositoryCommands.Create(settings));
        root.Subcommands.Add(McpCommand.Create(settings));
        root.Subcommands.Add(VersionCommand.Create());
        VersionCommand.UseForVersionOption(root);
        return root;
    }

    /// <summary>Parses and runs; <paramref name="output"/> and <paramref name="error"/> default to the console (tests capture them).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        // The --ORCH_* settings are configuration, not options of a command: they are taken out before parsing.
        var (_, commandTokens) = CliConfiguration.Split(args);
        var root = Create(args);
        var parsed = root.Parse(commandTokens);
        var serving = parsed.CommandResult.Command is RootCommand || parsed.CommandResult.Command.Name == "serve";
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            // Serving: the web host handles Ctrl+C / SIGTERM itself (graceful shutdown, exit code 0); the
            // command line's own handler would end the process after its short timeout with 130/143.
            ProcessTerminationTimeout = serving ? null : TimeSpan.FromSeconds(2),
        };
        var problems = Problems(parsed, serving);
        return problems.Count == 0 ? parsed.InvokeAsync(configuration) : RefuseAsync(root, parsed, problems, configuration);
    }

    /// <summary>Exit code for a command line that names no known command or option (usage error, as in sysexits' EX_USAGE tradition).</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Parse errors, and when serving every leftover token that is not a `--key=value` host setting: a typo
    /// (`status`, `tokn show`, `--port 9414`) must not start a server the operator did not ask for; for any other command
    /// (but `mcp`, which passes its tokens on) every leftover token: a mistyped `--repo` must not make an unscoped token.
    /// </summary>
    private static List<string> Problems(ParseResult parsed, bool serving)
    {
        var problems = parsed.Errors.Select(e => e.Message).ToList();
        if (serving)
        {
            // `--key=value` is the host's own configuration form (the test host passes its settings so).
            problems.AddRange(parsed.UnmatchedTokens
                .Where(t => !(t.StartsWith("--", StringComparison.Ordinal) && t.Contains('=', StringComparison.Ordinal)))
                .Select(t => t.StartsWith('-')
                    ? $"Unknown option '{t}' (settings are given as --ORCH_X=value; see CONFIGURATION.md)."
                    : $"Unknown command '{t}'."));
        }
        else if (parsed.CommandResult.Command.TreatUnmatchedTokensAsErrors)
        {
            // SECURITY: the root leaves unmatched tokens to the web host, and with it the parser reports none for any command:
            // `token create ci --repo app` (for --repos) made a token for every repository. A command refuses what it does not know.
            problems.AddRange(parsed.UnmatchedTokens
                .Where(t => !problems.Any(p => p.Contains("'" + t + "'", StringComparison.Ordinal)))
                .Select(t => t.StartsWith('-')
                    ? $"Unknown option '{t}' (settings are given as --ORCH_X=value; see CONFIGURATION.md)."
                    : $"Unexpected argument '{t}'."));
        }

        // SECURITY: an unknown option's value as the operator meant it (`--token <secret>`, `--token=<secret>`, `-t=<secret>`)
        // is never printed back, in our messages or the parser's, whatever it starts with (base64url tokens may start with '-').
        var hidden = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokens = parsed.Tokens.Select(t => t.Value).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = tokens[i];
            if (!word.StartsWith('-') || !parsed.UnmatchedTokens.Contains(word))
            {
                continue;
            }

            if (word.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                hidden["'" + word + "'"] = "'" + word[..(equals + 1)] + "(the option's value, not shown)'";
            }
            else if (i + 1 < tokens.Count)
            {
                hidden["'" + tokens[i + 1] + "'"] = "(the option's value, not shown)";
            }
        }

        if (hidden.Count > 0)
        {
            // The longest first, so a value's quoted form is replaced whole before any shorter one inside it.
            var order = hidden.OrderByDescending(h => h.Key.Length).ToList();
            problems = [.. problems.Select(p => order.Aggregate(p, (text, h) => text.Replace(h.Key, h.Value, StringComparison.Ordinal)))];
        }

        return problems;
    }

    /// <summary>Prints the problems and the help of the command that was meant, and exits 2 without running anything.</summary>
    private static async Task<int> RefuseAsync(RootCommand root, ParseResult parsed, List<string> problems, InvocationConfiguration configuration)
    {
        foreach (var problem in problems.Distinct(StringComparer.Ordinal))
        {
            await configuration.Error.WriteLineAsync(problem).ConfigureAwait(false);
        }

        var path = new List<string>();
        for (var result = parsed.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, result.Command.Name);
        }

        await root.Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = configuration.Output, Error = configuration.Error }).ConfigureAwait(false);
        return UsageError;
    }
}
