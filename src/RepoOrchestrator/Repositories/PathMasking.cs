using System.Text.RegularExpressions;

namespace RepoOrchestrator.Repositories;

/// <summary>Masks user names in home paths (`/home/[USER]/…`, `C:\Users\[USER]\…`) before a path leaves the process.</summary>
public static partial class PathMasking
{
    public static string Mask(string path) =>
        WindowsHome().Replace(UnixHome().Replace(path, "$1[USER]"), "$1[USER]");

    [GeneratedRegex(@"^(/home/|/Users/)[^/]+")]
    private static partial Regex UnixHome();

    [GeneratedRegex(@"^([A-Za-z]:\\Users\\)[^\\]+", RegexOptions.IgnoreCase)]
    private static partial Regex WindowsHome();
}
