namespace RepoOrchestrator.ServiceControl;

/// <summary>What an operator asks of the OS service manager.</summary>
public enum ServiceAction
{
    Status,
    Restart,
    Stop,
}
