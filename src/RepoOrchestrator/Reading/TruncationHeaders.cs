using System.Globalization;

namespace RepoOrchestrator.Reading;

/// <summary>
/// The headers of a text answer (/file, /git/show, /diff) that say whether it was cut and how to get the rest, so a
/// client need not parse the body's `# ... [TRUNCATED] ...` marker: `X-Truncated: true|false` and, when cut,
/// `X-Truncated-Next`, the request change that continues (e.g. `start_line=501`) or narrows it.
/// </summary>
public static class TruncationHeaders
{
    public const string Truncated = "X-Truncated";
    public const string Next = "X-Truncated-Next";

    public static void Write(HttpResponse response, bool truncated, Func<string> next)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(next);
        response.Headers[Truncated] = truncated ? "true" : "false";
        if (truncated)
        {
            response.Headers[Next] = next();
        }
    }

    /// <summary>The continuation of a line window that stopped after <paramref name="lastLine"/>.</summary>
    public static string NextLines(int lastLine) => "start_line=" + (lastLine + 1).ToString(CultureInfo.InvariantCulture);
}
