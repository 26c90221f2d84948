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
        // SECURITY: the raw streams, decoded as UTF-8 whatever their first bytes: a StreamReader honours a byte-order mark,
        // so a file starting with FF FE (git cat-file blob) came back as UTF-16, one line no rule could read
        var stdout = ReadCappedAsync(process.StandardOutput.BaseStream, request.MaxOutputChars);
        var stderr = ReadCappedAsync(process.StandardError.BaseStream, 64 * 1024);
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

    /// <summary>
    /// Reads all output, decoded as UTF-8 (invalid bytes as U+FFFD, a byte-order mark as the character it is), but keeps
    /// at most <paramref name="max"/> characters, so a huge output cannot exhaust memory.
    /// </summary>
    private static async Task<(string Text, bool Truncated)> ReadCappedAsync(Stream stream, int max)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        var builder = new StringBuilder();
        var bytes = new byte[16 * 1024];
        var chars = new char[(16 * 1024) + 4];
        var truncated = false;
        int read;
        while (true)
        {
            read = await stream.ReadAsync(bytes);
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
            var room = max - builder.Length;
            if (room > 0)
            {
                builder.Append(chars, 0, Math.Min(room, count));
            }

            truncated |= count > room;
            if (read == 0)
            {
                break;
            }
        }

        return (builder.ToString(), truncated);
    }
}
