using System.Globalization;
using System.Text.RegularExpressions;

namespace RepoOrchestrator.Reading;

/// <summary>
/// The `id` and `url` of a search hit as ChatGPT's connectors expect them (search returns ids, fetch takes one back):
/// `&lt;repository&gt;:&lt;path&gt;#L&lt;line&gt;`, the repository as list_repos names it, the path relative to it. The
/// url is the HTTP read of the same lines (`/file?repo=…&amp;path=…&amp;start_line=…`) at the service's public address.
/// An id is only an address: fetch reads it through the whole read path (scope, guard, redaction) like any read.
/// </summary>
public static partial class DocumentId
{
    public const int MaxLength = 4096 + 300;

    public static string For(string repository, string path, int line) =>
        string.Create(CultureInfo.InvariantCulture, $"{repository}:{path}#L{line}");

    public static string Url(string publicUrl, string repository, string path, int line)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        return string.Create(CultureInfo.InvariantCulture,
            $"{publicUrl.TrimEnd('/')}/file?repo={Uri.EscapeDataString(repository)}&path={Uri.EscapeDataString(path)}&start_line={line}");
    }

    /// <summary>Splits an id; false when it is not one (no repository, no path, or a line that is not a positive number).</summary>
    public static bool TryParse(string? id, out string repository, out string path, out int line)
    {
        repository = path = "";
        line = 1;
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        var match = Shape().Match(id);
        if (!match.Success)
        {
            return false;
        }

        repository = match.Groups[1].Value;
        path = match.Groups[2].Value;
        return !match.Groups[3].Success || (int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out line) && line > 0);
    }

    [GeneratedRegex(@"^([^:]+):(.+?)(?:#L([0-9]{1,9}))?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Shape();
}
