namespace RepoOrchestrator.Snapshots;

/// <summary>A snapshot taken for one read: its id (SHA-256 of the file bytes, also its file name) and where it lies.</summary>
public sealed record SnapshotRef(string Id, string FilePath);
