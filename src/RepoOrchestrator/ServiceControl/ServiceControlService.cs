using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.ServiceControl;

/// <summary>
/// Status, restart and stop of ORCH_SERVICE_NAME through the host's service manager, each call audited first
/// (a stop or restart ends this process, so it could not be audited after) and bounded by ORCH_SUBPROCESS_TIMEOUT;
/// a call that fails is audited again as `SERVICE_&lt;ACTION&gt;_FAILED`. Headless mode answers without touching the OS. A failing or
/// hanging manager is an expected failure (500 problem with a clear detail), not an internal crash: it
/// does not count toward panic mode.
/// </summary>
public sealed class ServiceControlService(
    ServiceControlSettings settings,
    SubprocessSettings subprocesses,
    IProcessRunner runner,
    IServiceManagerCommands commands,
    AuditLog audit)
{
    public const string FailureType = "service-control-failed";

    /// <summary>The failures <see cref="RunAsync"/> can answer (a failing, hanging or missing manager), declared once for the OpenAPI document.</summary>
    public static readonly ExpectedProblems Failures = new([StatusCodes.Status500InternalServerError]);

    public async Task<Outcome<ServiceControlResult>> RunAsync(ServiceAction action, string actor, CancellationToken cancellationToken)
    {
        var name = settings.ServiceName;
        var verb = action.ToString().ToLowerInvariant();
        var op = "SERVICE_" + action.ToString().ToUpperInvariant();
        if (settings.Headless) // SECURITY: headless mode never touches the OS service manager
        {
            await audit.OperationAsync(op, actor, name, "headless");
            return new ServiceControlResult(
                "headless", verb, name, "none", action == ServiceAction.Status ? "running" : null,
                action == ServiceAction.Status
                    ? "Headless mode (ORCH_HEADLESS=true): the OS service manager was not contacted; this process is running."
                    : $"Headless mode (ORCH_HEADLESS=true): the OS service manager was not contacted; {verb} the process yourself.");
        }

        var command = commands.Command(action, name);
        await audit.OperationAsync(op, actor, name, commands.Manager);
        var outcome = command.TryGet(out var request, out var problem)
            ? await RunManagerAsync(action, request, verb, name, cancellationToken)
            : problem;
        if (outcome.Problem is { } failure)
        {
            await AuditedAction.AuditFailureAsync(audit, op, actor, name, failure);
        }

        return outcome;
    }

    private async Task<Outcome<ServiceControlResult>> RunManagerAsync(ServiceAction action, ProcessRequest request, string verb, string name, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(subprocesses.TimeoutSeconds);
        var result = await runner.RunAsync(request with { MaxOutputChars = 64 * 1024 }, timeout, cancellationToken);
        var shown = $"{Path.GetFileName(request.FileName)} {string.Join(' ', request.Arguments.Where(a => a != "--"))}";
        if (result.TimedOut)
        {
            return Failure($"{shown} did not finish within {subprocesses.TimeoutSeconds} s (ORCH_SUBPROCESS_TIMEOUT) and was stopped.");
        }

        if (action == ServiceAction.Status)
        {
            var state = commands.ParseState(result);
            if (state is null)
            {
                return Failure($"{shown} gave no service state (exit {result.ExitCode}){Explain(result)}");
            }

            return new ServiceControlResult("success", verb, name, commands.Manager, state, $"{commands.Manager} reports {name} as {state}.");
        }

        if (result.ExitCode != 0)
        {
            return Failure($"{shown} failed (exit {result.ExitCode}){Explain(result)}");
        }

        var message = action == ServiceAction.Restart
            ? $"{commands.Manager} accepted the restart of {name}; the service stops and starts again in a moment (this may be its last response before it does)."
            : $"{commands.Manager} accepted the stop of {name}; the service stops in a moment.";
        return new ServiceControlResult("success", verb, name, commands.Manager, null, message);
    }

    private static Problem Failure(string detail) =>
        new(StatusCodes.Status500InternalServerError, detail, FailureType);

    /// <summary>The manager's own words, on one line and short: enough to act on, never a flood.</summary>
    private static string Explain(ProcessResult result)
    {
        var text = string.Join(' ', (result.StandardError + "\n" + result.StandardOutput)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return ".";
        }

        return ": " + (text.Length <= 300 ? text : text[..300] + "…");
    }
}
