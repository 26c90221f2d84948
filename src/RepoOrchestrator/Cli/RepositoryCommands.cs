using System.CommandLine;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Cli;

/// <summary>
/// `repos list`, `repos select &lt;path&gt;` (through the same service and checks as the HTTP endpoints) and
/// `repos root [&lt;folder&gt;]` (<see cref="RepositoryRootCommand"/>).
/// </summary>
internal static class RepositoryCommands
{
    public static Command Create(IReadOnlyList<string> settings)
    {
        var repos = new Command("repos", "List the repositories under the root, select the active one, or show or set the root.");

        var list = new Command("list", "The repositories under ORCH_REPO_ROOT; the active one is marked with '*'.");
        CliAction.SetAsync(list, settings, async (_, context, output, ct) =>
        {
            var service = context.Get<RepositoryService>();
            var listing = CliAction.Require(await context.Get<RepositoryCatalog>().ListAsync(ct));
            var root = service.RootState().Path!;
            var active = service.ActivePath();
            output.WriteLine($"Root: {root}");
            foreach (var repo in listing.Repos)
            {
                var isActive = active is not null
                    && string.Equals(Path.Combine(root, repo.Name), active, PathContainment.Comparison);
                output.WriteLine(isActive ? $"* {repo.Name} (active)" : $"  {repo.Name}");
            }

            if (listing.Repos.Count == 0)
            {
                output.WriteLine("  (no repositories: create or clone one in the root)");
            }

            if (active is null)
            {
                output.WriteLine("No active repository: select one with 'repos select <path>'.");
            }

            return CliAction.Success;
        });
        repos.Subcommands.Add(list);

        var path = new Argument<string>("path") { Description = "A repository folder, absolute or relative to the root." };
        var select = new Command("select", "Make a repository the active one (the running service sees it at once).") { path };
        CliAction.SetAsync(select, settings, async (result, context, output, _) =>
        {
            var repo = CliAction.Require(await context.Get<RepositoryService>().SelectAsync(result.GetValue(path), CliContext.Actor));
            output.WriteLine($"Active repository: {repo}");
            return CliAction.Success;
        });
        repos.Subcommands.Add(select);
        repos.Subcommands.Add(RepositoryRootCommand.Create(settings));
        return repos;
    }
}
