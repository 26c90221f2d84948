namespace RepoOrchestrator.Vitaminize;

/// <summary>How a kit file quotes the values written into it at install time.</summary>
public enum KitSyntax
{
    PlainText,
    PosixShell,
    WindowsCmd,
    PowerShell,
}

/// <summary>One file of the launcher kit: its path relative to the repository (forward slashes) and its syntax.</summary>
public sealed record KitFile(string RelativePath, KitSyntax Syntax, bool Executable = false);
