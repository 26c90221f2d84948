using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// One service on real Kestrel (127.0.0.1, a free port) with one repository "app", shared by the tests of a class
/// that talk to it over the network and leave its state as they found it (no selection, no lockdown): the
/// transport is what they test, and starting Kestrel once per class instead of once per test saves seconds each.
/// A test that changes state starts its own service.
/// </summary>
public sealed class KestrelService : IAsyncLifetime
{
    public OrchestratorApp App { get; } = new();

    public Uri Address { get; private set; } = null!;

    public TempGitRepo Repo { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Repo = App.CreateRepo("app");
        Address = App.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
