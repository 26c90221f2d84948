using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Cli;

/// <summary>
/// Runs a command body with its services and turns every expected failure into one clear line on stderr and
/// exit code 1; success is exit code 0 (or what the body returns, e.g. `audit verify` on a broken chain).
/// </summary>
internal static class CliAction
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <param name="failureCode">The exit code of a failure that is not the body's verdict (`audit verify`: 3, "could not check").</param>
    public static void Set(Command command, IReadOnlyList<string> settings, Func<ParseResult, CliContext, TextWriter, int> body, int failureCode = Failure) =>
        SetAsync(command, settings, (result, context, output, _) => Task.FromResult(body(result, context, output)), failureCode);

    /// <summary>As <see cref="Set"/>, for a body that awaits (an audit append, a lock).</summary>
    public static void SetAsync(
        Command command, IReadOnlyList<string> settings, Func<ParseResult, CliContext, TextWriter, CancellationToken, Task<int>> body, int failureCode = Failure)
    {
        command.SetAction((result, cancellationToken) => RunAsync(result, settings, body, failureCode, cancellationToken));
    }

    /// <summary>The value of a service's outcome; its problem becomes the command's one line on stderr and exit code 1.</summary>
    public static T Require<T>(Outcome<T> outcome) =>
        outcome.TryGet(out var value, out var problem) ? value : throw new CliFailure(problem.Detail);

    private static async Task<int> RunAsync(
        ParseResult result, IReadOnlyList<string> settings, Func<ParseResult, CliContext, TextWriter, CancellationToken, Task<int>> body, int failureCode,
        CancellationToken cancellationToken)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            using var context = CliContext.Create(settings);
            return await body(result, context, output, cancellationToken);
        }
        catch (CliFailure failure)
        {
            error.WriteLine(failure.Message);
        }
        catch (ApiProblemException problem)
        {
            error.WriteLine(problem.Detail);
        }
        catch (StorageFaultException fault)
        {
            error.WriteLine(fault.Detail);
        }
        catch (OptionsValidationException invalid)
        {
            error.WriteLine($"Configuration error: {invalid.Failures.FirstOrDefault() ?? invalid.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            error.WriteLine($"Error: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Still one line: an operator's terminal is not the place for a stack trace.
            error.WriteLine($"Unexpected error ({ex.GetType().Name}): {ex.Message}");
        }

        return failureCode;
    }
}
