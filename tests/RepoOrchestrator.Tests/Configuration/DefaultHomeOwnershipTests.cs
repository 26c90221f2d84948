using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Configuration;

/// <summary>
/// A hostile local user prepares the default home: makes `repo-orchestrator` themselves (root would chmod it to 0700 and
/// keep its tokens there), or owns or may write a folder above it (XDG_STATE_HOME pointing into it, directly or through a
/// link), from where they could swap the home after the start. The default home is refused in each case; it is accepted in
/// a sticky world-writable folder (/tmp) and in this user's own folders. A home named with ORCH_HOME keeps its mode but is
/// refused when another user owns it or may write it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DefaultHomeOwnershipTests
{
    private const string Nobody = "65534:65534";

    [Fact]
    public async Task DefaultHome_MadeByAnotherUser_IsRefusedEvenForRoot()
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("state", "repo-orchestrator")).FullName;
        File.SetUnixFileMode(home, HomeFiles.FolderMode);
        if (!await GiveAwayAsync(home))
        {
            return; // only root can give a folder away; without root, chmod's EPERM already refuses it
        }

        var result = new OrchestratorOptionsValidator().Validate(null, Options(home));

        Assert.True(result.Failed);
        Assert.Contains("belongs to another user", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultHome_InAFolderOwnedByAnotherUser_IsRefused()
    {
        using var dir = new TempDirectory();
        var state = Directory.CreateDirectory(dir.Combine("theirs")).FullName;
        if (!await GiveAwayAsync(state))
        {
            return;
        }

        var result = new OrchestratorOptionsValidator().Validate(null, Options(Path.Combine(state, DefaultHome.FolderName)));

        Assert.True(result.Failed);
        Assert.Contains("which belongs to another user", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DefaultHome_InAWorldWritableFolder_DirectlyOrThroughALink_IsRefused(bool throughLink)
    {
        using var dir = new TempDirectory();
        var open = Directory.CreateDirectory(dir.Combine("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777, no sticky bit
        var state = open;
        if (throughLink)
        {
            state = dir.Combine("state-link"); // XDG_STATE_HOME=<a link into the open folder>
            Directory.CreateSymbolicLink(state, open);
        }

        var result = new OrchestratorOptionsValidator().Validate(null, Options(Path.Combine(state, DefaultHome.FolderName)));

        Assert.True(result.Failed);
        Assert.Contains($"lies in {open}, which other users may write", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultHome_InAStickyWorldWritableFolder_IsAccepted()
    {
        using var dir = new TempDirectory();
        var sticky = Directory.CreateDirectory(dir.Combine("sticky")).FullName;
        File.SetUnixFileMode(sticky, (UnixFileMode)0x3FF); // 1777, like /tmp
        var home = Path.Combine(sticky, DefaultHome.FolderName);

        Assert.False(new OrchestratorOptionsValidator().Validate(null, Options(home)).Failed);
        Assert.Equal(HomeFiles.FolderMode, File.GetUnixFileMode(home));
    }

    [Theory]
    [InlineData(0x1FF)] // 0777
    [InlineData(0x3FF)] // 1777: sticky does not help, another user could create the token file's name first
    [InlineData(0x1C2)] // 0702
    public void NamedHome_WritableByOtherUsers_IsRefused(int mode)
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("shared")).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)mode);

        var result = new OrchestratorOptionsValidator().Validate(null, Options(home, isDefault: false));

        Assert.True(result.Failed);
        Assert.Contains("may be written by other users", result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal((UnixFileMode)mode, File.GetUnixFileMode(home)); // refused, not silently changed
    }

    [Fact]
    public async Task NamedHome_OwnedByAnotherUser_IsRefusedEvenForRoot()
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("theirs")).FullName;
        if (!await GiveAwayAsync(home))
        {
            return;
        }

        var result = new OrchestratorOptionsValidator().Validate(null, Options(home, isDefault: false));

        Assert.True(result.Failed);
        Assert.Contains("belongs to another user", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NamedHome_ReadableByTheGroup_StillStarts()
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("mine")).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0x1ED); // 0755

        Assert.False(new OrchestratorOptionsValidator().Validate(null, Options(home, isDefault: false)).Failed);
    }

    private static OrchestratorOptions Options(string home, bool isDefault = true) => new()
    {
        Home = home,
        HomeIsDefault = isDefault,
        AuditLogPath = Path.Combine(home, "logs", "orchestrator_audit.log"),
    };

    /// <summary>chown to nobody; false when this process may not (not root).</summary>
    private static async Task<bool> GiveAwayAsync(string path)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return false;
        }

        var (exit, _, _) = await ChildProcess.RunAsync("chown", [Nobody, path], Path.GetTempPath());
        return exit == 0;
    }
}
