namespace RepoOrchestrator.ReadPath;

/// <summary>A file found by the walker: its repository-relative path ('/'-separated), its folder's full path and its name.</summary>
public readonly record struct WalkedFile(string RelativePath, string Folder, string Name)
{
    public string FullPath => Path.Join(Folder, Name);
}
