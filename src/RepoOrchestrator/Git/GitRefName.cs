using System.Text.RegularExpressions;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Git;

/// <summary>
/// The one rule for a git ref a caller may name (SPEC 5): plain names, `~` and `^`, at most <see cref="MaxLength"/>
/// characters, never starting with '-'. Used by /diff, the MCP git_diff tool's schema and the OpenAPI document.
/// </summary>
public static partial class GitRefName
{
    public const string Pattern = "^[A-Za-z0-9_./~^-]+$";

    public const int MaxLength = 256;

    /// <summary><paramref name="value"/> when it is an acceptable ref, else a 400 naming the query <paramref name="parameter"/>.</summary>
    public static Outcome<string> Check(string value, string parameter)
    {
        ArgumentNullException.ThrowIfNull(value);
        // SECURITY: no option injection and no revision syntax beyond plain names, ~ and ^.
        if (value.Length > MaxLength || value.StartsWith('-') || !Regex().IsMatch(value))
        {
            return Problem.BadRequest(
                $"Query parameter '{parameter}' must be a git ref of at most {MaxLength} characters from [A-Za-z0-9_./~^-], not starting with '-'.");
        }

        return value;
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Regex();
}
