using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Snapshots;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Hosting;

/// <summary>
/// Before anything listens (<see cref="IHostedLifecycleService.StartingAsync"/>): the audit log's folder is writable;
/// the state store opens and passes
/// `quick_check` (else start-up stops with one line naming the file and the remedy); a store without a lockdown
/// flag on (new, emptied or deleted, or one a full disk kept from recording it) takes lockdown from the audit log's last
/// lockdown line, so losing the store never clears it; and snapshots left by a crash are swept.
/// </summary>
internal sealed partial class HomeStartupCheck(
    IServiceProvider services,
    OrchestratorOptions options,
    ILogger<HomeStartupCheck> logger) : IHostedLifecycleService
{
    private int _done;

    /// <summary>Runs the checks once, before the host starts (the executable); the hosted path then finds them done.</summary>
    public static Task RunAsync(IServiceProvider services) =>
        services.GetRequiredService<HomeStartupCheck>().StartingAsync(CancellationToken.None);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _done, 1) == 1)
        {
            return;
        }

        if (OrchestratorOptionsValidator.AuditFolderProblem(options) is { } auditFolder)
        {
            throw new StartupCheckException(auditFolder);
        }

        CheckStateStore();
        // After the state store's check: the root's service holds the store, whose opening that check reports.
        if (services.GetRequiredService<Repositories.RepositoryRoot>().ConfiguredProblem is { } rootProblem)
        {
            throw new StartupCheckException(rootProblem);
        }

        var panic = services.GetRequiredService<PanicService>();
        if (!panic.StoredLockdownOn())
        {
            var line = AuditReader.LastLockdownLine(options.AuditLogPath, PanicService.PanicOnOperation, PanicService.PanicClearedOperation);
            await panic.RestoreFromAuditAsync(line);
        }

        TightenModes();
        var swept = services.GetRequiredService<SnapshotStore>().Sweep(cancellationToken);
        if (swept > 0)
        {
            LogSwept(logger, swept);
        }
    }

    private void CheckStateStore()
    {
        var path = options.StateDatabasePath;
        string? problem;
        try
        {
            problem = services.GetRequiredService<StateStore>().IntegrityProblem();
        }
        catch (StorageFaultException fault) when (fault.Cause != StorageFaultCause.Corrupt)
        {
            throw new StartupCheckException($"The state store {path} cannot be used: {fault.Detail}", fault);
        }
        catch (StorageFaultException fault)
        {
            problem = fault.InnerException?.Message ?? "corrupt";
        }

        if (problem is not null)
        {
            throw new StartupCheckException(
                $"The state store {path} is corrupt ({OneLine(problem)}). Stop every repo-orchestrator process, move it aside "
                + $"(mv {path} {path}.corrupt, and its -wal/-shm files) and start again: lockdown comes back from the audit log; "
                + "the repository registry and security events start empty.");
        }
    }

    /// <summary>Files an older version or a tool left with group/other bits: the audit files, their lock, the token files.</summary>
    private void TightenModes()
    {
        foreach (var file in AuditVerifier.KeptFiles(options.AuditLogPath).Append(options.AuditLogPath + ".lock")
            .Append(options.TokenFile).Append(options.ActionsTokenFile))
        {
            HomeFiles.Tighten(file);
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 120 ? line : line[..120] + "...";
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Swept {Count} expired snapshot(s) left from before the start")]
    private static partial void LogSwept(ILogger logger, int count);
}
