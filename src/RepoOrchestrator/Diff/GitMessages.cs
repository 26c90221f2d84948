using System.Text.RegularExpressions;

namespace RepoOrchestrator.Diff;

/// <summary>Makes git's error text safe to show: host paths removed (the repository becomes "&lt;repo&gt;"), one short paragraph.</summary>
public static partial class GitMessages
{
    private const int MaxLength = 500;

    public static string Clean(string message, string repository)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(repository);
        var text = message.Replace(repository, "<repo>", StringComparison.Ordinal);
        text = UnixPath().Replace(text, "<path>"); // SECURITY: no absolute host path in an error detail
        text = WindowsPath().Replace(text, "<path>");
        text = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length <= MaxLength ? text : text[..MaxLength] + "...";
    }

    [GeneratedRegex(@"(?<![\w.~<>-])/[^\s'""`:]+", RegexOptions.CultureInvariant)]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\b[A-Za-z]:[\\/][^\s'""`]*", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsPath();
}
