using System.Globalization;
using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>A token's or approval's lifetime as the operator writes it: `90m`, `12h`, `30d`, `8w`; one minute to ten years.</summary>
public static partial class TokenLifetime
{
    public const string Refusal = "must be a number and a unit (m, h, d or w), from 1m to 3650d, e.g. 30d.";

    /// <summary>The lifetime, or null when <paramref name="text"/> is not one.</summary>
    public static TimeSpan? Parse(string? text)
    {
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            return null;
        }

        var count = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var span = match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(count),
            "h" => TimeSpan.FromHours(count),
            "d" => TimeSpan.FromDays(count),
            _ => TimeSpan.FromDays(7 * count),
        };
        return span >= TimeSpan.FromMinutes(1) && span <= TimeSpan.FromDays(3650) ? span : null;
    }

    [GeneratedRegex("^([0-9]{1,6})([mhdw])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
