using System.CommandLine;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Cli;

/// <summary>`repos list` and `repos select &lt;path&gt;`, through the same service and checks as the HTTP endpoints.</summary>
internal static class RepositoryCommands
{
    public static Command Create(IReadOnlyList<string> settings)
    {
        var repos = new Command("repos", "List the repositories under the root, or select the active one.");

        var list = new Command("list", "The repositories under ORCH_REPO_ROOT; the active one is marked with '*'.");
        CliAction.Set(list, settings, (_, context, output) =>
        {
            var service = context.Get<RepositoryService>();
            var active = service.ActivePath();
            output.WriteLine($"Root: {service.Root}");
            var listing = service.List();
            foreach (var repo in listing.Repos)
            {
                var isActive = active is not null
                    && string.Equals(Path.Combine(service.Root, repo.Name), active, PathContainment.Comparison);
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
        return repos;
    }
}
