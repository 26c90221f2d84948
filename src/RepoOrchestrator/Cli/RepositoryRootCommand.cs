using System.CommandLine;
using RepoOrchestrator.Repositories;

namespace RepoOrchestrator.Cli;

/// <summary>
/// `repos root` prints the repository root and where it comes from (ORCH_REPO_ROOT, the state store, or none);
/// `repos root &lt;folder&gt;` checks the folder and keeps it in the state store (a running service uses it from its next
/// request); `repos root --clear` forgets it. ORCH_REPO_ROOT wins over a stored root, and the command says so.
/// </summary>
internal static class RepositoryRootCommand
{
    public static Command Create(IReadOnlyList<string> settings)
    {
        var folder = new Argument<string?>("folder")
        {
            Description = "The folder that holds your repositories (absolute, or relative to the current folder). Omit it to show the root.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var clear = new Option<bool>("--clear") { Description = "Forget the stored root (ORCH_REPO_ROOT, when set, still applies)." };
        var root = new Command("root", "Show the repository root, or set it (kept in the state store; no restart needed).") { folder, clear };
        CliAction.SetAsync(root, settings, async (result, context, output, _) =>
        {
            var roots = context.Get<RepositoryRoot>();
            var given = result.GetValue(folder);
            if (result.GetValue(clear))
            {
                if (given is not null)
                {
                    throw new CliFailure("Give either a folder or --clear, not both.");
                }

                await roots.ClearAsync(CliContext.Actor);
                output.WriteLine("The stored repository root is forgotten.");
                output.WriteLine(RootDescription.Line(roots.Current()));
                return CliAction.Success;
            }

            if (given is null)
            {
                output.WriteLine(RootDescription.Line(roots.Current()));
                return CliAction.Success;
            }

            var real = CliAction.Require(await roots.SetAsync(given, Environment.CurrentDirectory, CliContext.Actor));
            output.WriteLine($"Repository root stored: {real} (a running service uses it from its next request; no restart needed).");
            if (roots.Current() is { Origin: RootOrigin.Configuration } state)
            {
                output.WriteLine($"Note: ORCH_REPO_ROOT is set ({state.Path}) and wins over the stored root; unset it for the stored one to apply.");
            }

            return CliAction.Success;
        });
        return root;
    }
}
