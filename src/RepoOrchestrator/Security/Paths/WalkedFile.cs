namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// A file found by the walker: its repository-relative path ('/'-separated), its folder's full path, its name,
/// and (Linux) the folder's open descriptor to open it relative to: valid while the walk is in that folder.
/// </summary>
public readonly record struct WalkedFile(string RelativePath, string Folder, string Name, FolderHandle? FolderHandle = null)
{
    public string FullPath => Path.Join(Folder, Name);
}
