namespace RepoOrchestrator.Security.Paths;

/// <summary>One entry of a walked folder: a real folder or a regular file (links are never entries).</summary>
internal sealed record WalkEntry(string Name, bool IsDirectory)
{
    public string SortKey { get; } = IsDirectory ? Name + "/" : Name;
}
