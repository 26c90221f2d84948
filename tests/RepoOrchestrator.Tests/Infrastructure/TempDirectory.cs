namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>A folder of the test's own, removed at dispose. Real path (links resolved) so comparisons are exact.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "orch")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        Path = new DirectoryInfo(path).ResolveLinkTarget(true)?.FullName ?? path;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string WriteFile(string relative, string content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
