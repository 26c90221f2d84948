namespace RepoOrchestrator.ReadPath;

/// <summary>A file found by the walker: its repository-relative path ('/'-separated) and its full path.</summary>
public readonly record struct WalkedFile(string RelativePath, string FullPath);
