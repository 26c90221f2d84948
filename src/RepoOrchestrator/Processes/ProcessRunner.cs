#pragma warning disable RS0030 // owner: ProcessRunner is the one place that starts a process (BannedSymbols.txt)
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace RepoOrchestrator.Processes;

/// <summary>
/// Starts a process with an argument list (never a concatenated command line), no standard input, captured
/// and capped output, and a hard timeout after which the whole process tree is killed.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var psi = new ProcessStartInfo(request.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (request.WorkingDirectory is not null)
        {
            psi.WorkingDirectory = request.WorkingDirectory;
        }

        foreach (var argument in request.Arguments)
        {
            psi.ArgumentList.Add(argument); // SECURITY: arguments are never parsed by a shell
        }

        if (request.ReplaceEnvironment)
        {
            psi.Environment.Clear(); // SECURITY: nothing of the service's environment reaches the child
        }

        if (request.Environment is not null)
        {
            foreach (var (key, value) in request.Environment)
            {
                psi.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ProcessResult(-1, "", $"could not start {Path.GetFileName(request.FileName)}: {ex.Message}", false, false);
        }

        process.StandardInput.Close();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var stdout = ReadCappedAsync(process.StandardOutput, request.MaxOutputChars);
        var stderr = ReadCappedAsync(process.StandardError, 64 * 1024);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            Kill(process);
            if (!timedOut)
            {
                throw;
            }
        }

        var (outText, outCut) = await stdout;
        var (errText, _) = await stderr;
        return new ProcessResult(timedOut ? -1 : process.ExitCode, outText, errText, timedOut, outCut);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    /// <summary>Reads all output but keeps at most <paramref name="max"/> characters, so a huge output cannot exhaust memory.</summary>
    private static async Task<(string Text, bool Truncated)> ReadCappedAsync(StreamReader reader, int max)
    {
        var builder = new StringBuilder();
        var buffer = new char[16 * 1024];
        var truncated = false;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            var room = max - builder.Length;
            if (room > 0)
            {
                builder.Append(buffer, 0, Math.Min(room, read));
            }

            truncated |= read > room;
        }

        return (builder.ToString(), truncated);
    }
}
