using System.CommandLine;
using RepoOrchestrator.Security.Panic;

namespace RepoOrchestrator.Cli;

/// <summary>`panic status` and `panic clear`, through the same <see cref="PanicService"/> as the running service.</summary>
internal static class PanicCommands
{
    public static Command Create(IReadOnlyList<string> settings)
    {
        var panic = new Command("panic", "Show or clear panic mode (LOCKDOWN).");

        var status = new Command("status", "Whether panic mode is on, since when, and how many security events are unresolved.");
        CliAction.Set(status, settings, (_, context, output) =>
        {
            var state = context.Get<PanicService>().Status();
            output.WriteLine(state.PanicMode
                ? $"Panic mode: ON since {state.Since ?? "an unknown time"} (LOCKDOWN: requests without a valid token get 503)."
                : "Panic mode: off.");
            output.WriteLine($"Unresolved security events: {state.UnresolvedEvents}.");
            if (state.PanicMode)
            {
                output.WriteLine("Clear it with 'repo-orchestrator panic clear' (or POST /ui/security/resolve?action=clear_panic).");
            }

            return CliAction.Success;
        });
        panic.Subcommands.Add(status);

        var clear = new Command("clear", "Turn panic mode off and mark every security event resolved (audited as PANIC_CLEARED).");
        CliAction.SetAsync(clear, settings, async (_, context, output, _) =>
        {
            var service = context.Get<PanicService>();
            var wasOn = service.IsPanicOn();
            var resolved = await service.ClearPanicAsync(CliContext.Actor);
            output.WriteLine(wasOn
                ? $"Panic mode cleared; {resolved} security event(s) marked resolved."
                : $"Panic mode was already off; {resolved} security event(s) marked resolved.");
            return CliAction.Success;
        });
        panic.Subcommands.Add(clear);
        return panic;
    }
}
