using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// A real child process for script and published-binary tests: arguments passed one by one, extra
/// environment, output captured line by line so a test can wait for a line (e.g. the listening banner)
/// instead of sleeping. Disposing kills what is still running (only this process and its children).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Received(e.Data, child._output);
        process.ErrorDataReceived += (_, e) => child.Received(e.Data, child._error);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to the end (killed after <paramref name="timeout"/>) and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null, int timeoutSeconds = 120)
    {
        await using var child = Start(fileName, arguments, workingDirectory, environment);
        var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        return (code, child.Output, child.Error);
    }

    /// <summary>Completes with the first output line (stdout or stderr) that matches, or fails after the timeout.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = (_output + "\n" + _error).Split('\n').FirstOrDefault(match);
            if (seen is not null)
            {
                return seen;
            }

            _waiters.Add((match, done));
        }

        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(done.Task, exited, Task.Delay(timeout));
        if (finished == done.Task)
        {
            return await done.Task;
        }

        throw new TimeoutException($"No matching line ({(finished == exited ? "the process exited" : "timed out")}).\nstdout:\n{Output}\nstderr:\n{Error}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The process did not exit within {timeout}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }

        _process.WaitForExit(); // drain the output events
        return _process.ExitCode;
    }

    /// <summary>
    /// Asks the process to stop the way Ctrl+C in a terminal does: SIGINT to its whole process group. Only for
    /// a process started under `setsid` (its own group, led by it), never the test runner's group.
    /// </summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        var group = "-" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", "--", group]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Received(string? line, StringBuilder into)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            into.Append(line).Append('\n');
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(line);
            }
        }
    }
}
