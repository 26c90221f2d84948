using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tokens;

namespace RepoOrchestrator.Cli;

/// <summary>
/// `token create &lt;name&gt; [--role reader|admin] [--repos a,b] [--tools read_file,search] [--expires 30d] [--rate N]` (prints the token once),
/// `token list` (names, roles, scopes and times; never a token or a hash) and `token revoke &lt;name&gt;` (refused
/// from the next request of a running service). Each change is audited with the token's name, never the token.
/// </summary>
internal static class NamedTokenCommands
{
    public static void AddTo(Command token, IReadOnlyList<string> settings)
    {
        token.Subcommands.Add(Create(settings));
        token.Subcommands.Add(List(settings));
        token.Subcommands.Add(Revoke(settings));
    }

    private static Command Create(IReadOnlyList<string> settings)
    {
        var name = new Argument<string>("name") { Description = "The token's name as audit lines show it (a-z, 0-9, '.', '_', '-')." };
        var role = new Option<string>("--role") { Description = "reader (the default: read endpoints and tools) or admin.", DefaultValueFactory = _ => "reader" };
        var repos = new Option<string?>("--repos") { Description = "Repositories it may read: names relative to ORCH_REPO_ROOT, comma-separated, `*` and `?` allowed (default: all)." };
        var tools = new Option<string?>("--tools") { Description = "MCP tools it may use (and the HTTP endpoints mirroring them), comma-separated, e.g. read_file,search (default: all of its role's)." };
        var expires = new Option<string?>("--expires") { Description = "Lifetime: a number and a unit, e.g. 12h, 30d (default: never)." };
        var rate = new Option<int?>("--rate") { Description = "Its own requests-per-window limit instead of ORCH_RATE_LIMIT_PER_MIN." };
        var create = new Command("create", "Create a named token and print it (the only time it is shown).") { name, role, repos, tools, expires, rate };
        CliAction.SetAsync(create, settings, async (result, context, output, _) =>
        {
            var request = new TokenRequest(result.GetValue(name), result.GetValue(role), result.GetValue(repos), result.GetValue(tools), result.GetValue(expires), result.GetValue(rate));
            var created = CliAction.Require(await context.Get<TokenAdministration>().CreateAsync(request, CliContext.Actor, f => "--" + f));
            output.WriteLine(created.Token);
            var details = created.Details;
            result.InvocationConfiguration.Error.WriteLine(
                $"Created token '{details.Name}' ({details.Role}, repositories {details.Repos}, tools {details.Tools}{(details.ExpiresAt is { } at ? ", expires " + Format(at) : "")}). " +
                "It is shown once: store it now; the service keeps only its hash.");
            return CliAction.Success;
        });
        return create;
    }

    private static Command List(IReadOnlyList<string> settings)
    {
        var list = new Command("list", "The named tokens and approved OAuth clients: name, role, repositories, tools, expiry, rate, created, last used and kind (never a token).");
        CliAction.Set(list, settings, (_, context, output) =>
        {
            var tokens = context.Get<NamedTokenStore>().List();
            var now = context.Get<TimeProvider>().GetUtcNow();
            output.WriteLine("NAME\tROLE\tREPOS\tTOOLS\tEXPIRES\tRATE\tCREATED\tLAST USED\tKIND");
            foreach (var t in tokens)
            {
                var expiry = t.ExpiresAt is { } at ? Format(at) + (t.IsExpired(now) ? " (expired)" : "") : "never";
                var rateText = t.RatePerMinute?.ToString(CultureInfo.InvariantCulture) ?? "default";
                output.WriteLine($"{t.Name}\t{NamedToken.RoleName(t.Role)}\t{t.Repositories}\t{t.Tools}\t{expiry}\t{rateText}\t{Format(t.CreatedAt)}\t{(t.LastUsedAt is { } used ? Format(used) : "never")}\t{(t.OAuthClient is null ? "named" : "oauth")}");
            }

            if (tokens.Count == 0)
            {
                output.WriteLine("(no named tokens: create one with 'repo-orchestrator token create <name>')");
            }

            return CliAction.Success;
        });
        return list;
    }

    private static Command Revoke(IReadOnlyList<string> settings)
    {
        var name = new Argument<string>("name") { Description = "The named token to revoke." };
        var revoke = new Command("revoke", "Delete a named token; a running service refuses it from its next request.") { name };
        CliAction.SetAsync(revoke, settings, async (result, context, output, _) =>
        {
            var revoked = CliAction.Require(await context.Get<TokenAdministration>().RevokeAsync(result.GetValue(name), CliContext.Actor));
            output.WriteLine($"Revoked token '{revoked}'.");
            return CliAction.Success;
        });
        return revoke;
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
