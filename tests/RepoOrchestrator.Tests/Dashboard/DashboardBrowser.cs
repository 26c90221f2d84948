namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// The browser test classes share one Chromium (launching it is the slow part) and run one after another, so
/// a loaded two-core machine never drives several browsers at once. Each test has its own context and service.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DashboardBrowser : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Dashboard browser";
}
