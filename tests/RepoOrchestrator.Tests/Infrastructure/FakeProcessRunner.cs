using System.Collections.Concurrent;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// Stands in for the OS (systemctl, sc.exe): records every request with its timeout and answers with a
/// canned result, so service-control tests never touch the real service manager.
/// </summary>
public sealed class FakeProcessRunner(Func<ProcessRequest, ProcessResult> answer) : IProcessRunner
{
    public FakeProcessRunner(ProcessResult result)
        : this(_ => result)
    {
    }

    public ConcurrentQueue<(ProcessRequest Request, TimeSpan Timeout)> Calls { get; } = new();

    public static ProcessResult Exit(int code, string stdout = "", string stderr = "") => new(code, stdout, stderr, false, false);

    public static ProcessResult TimedOut() => new(-1, "", "", true, false);

    public Task<ProcessResult> RunAsync(ProcessRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((request, timeout));
        return Task.FromResult(answer(request));
    }
}
