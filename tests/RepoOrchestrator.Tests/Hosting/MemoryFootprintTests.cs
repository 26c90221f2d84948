using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>Parts the service never uses are not registered, so they cost no resident memory (issue 8).</summary>
public sealed class MemoryFootprintTests
{
    [Fact]
    public async Task DataProtection_IsNotRegistered_AndBearerAuthenticationStillWorks()
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);
        using var anonymous = app.CreateClient();

        using var allowed = await admin.GetAsync(new Uri("/status", UriKind.Relative));
        using var refused = await anonymous.GetAsync(new Uri("/status", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Null(app.Services.GetService<IDataProtectionProvider>()); // no key ring, no XML stack, no key file
    }
}
