using System.Globalization;
using System.Text.RegularExpressions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Files;
using RepoOrchestrator.Git;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.History;

/// <summary>
/// `git blame` over a line window for /git/blame and the MCP git_blame tool: per line the commit that last changed it, its
/// author and date, and the line's text. Same steps as <see cref="GitShowService"/> (ref, path rules, regular blob only, size,
/// binary), then `git blame --line-porcelain --no-textconv -L s,e` for the commit of each line; the text served is the
/// blob's own lines, redacted with the whole file in context (<see cref="HistoryText"/>), never blame's copy.
/// </summary>
public sealed partial class GitBlameService(ReadLimits limits, ReadPipeline pipeline, GitRunner git, HistoryPaths paths, HistoryText served)
{
    public static readonly ExpectedProblems Failures = GitShowService.Failures;

    public Task<Outcome<GitBlameResult>> BlameAsync(string? @ref, string? path, int startLine, int? endLine, string actor, string operationPrefix, CancellationToken ct) =>
        ReadPipeline.RunAsync(() => BlameCoreAsync(@ref, path, startLine, endLine, new ReadCaller(actor, operationPrefix), ct));

    private async Task<Outcome<GitBlameResult>> BlameCoreAsync(string? @ref, string? path, int startLine, int? endLine, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var root, out var problem))
        {
            return problem;
        }

        if (ReadWindow.Refusal(startLine, endLine) is { } badRange)
        {
            return badRange;
        }

        if (!(await FileAtRef.LoadAsync(pipeline, git, paths, limits, root, caller, @ref, path, "the file to blame", ct)).TryGet(out var loaded, out problem))
        {
            return problem;
        }

        using var file = loaded;
        var (repo, refName, commit, gitPath, whole, total) = (file.Repo, file.RefName, file.Commit, file.GitPath, file.Whole, file.TotalLines);
        if (startLine > total)
        {
            return Problem.BadRequest($"Query parameter 'start_line' ({startLine}) is past the end: '{gitPath}' has {total} lines at '{refName}'.");
        }

        var (lastLine, stoppedEarly) = ReadWindow.Slice(startLine, endLine, total, limits.MaxLines);
        var range = string.Create(CultureInfo.InvariantCulture, $"{startLine},{lastLine}");
        // SECURITY: --no-textconv (blame converts by default, running a program the repository names); mailmap files
        // are not read; the path follows "--" (blame takes it literally, no pathspec magic).
        if (!(await repo.RunAsync("blame", ["-c", "mailmap.file=", "-c", "mailmap.blob=", "blame", "--line-porcelain", "--no-textconv", "-L", range, commit, "--", gitPath],
            16 * 1024 * 1024, ct)).TryGet(out var blame, out problem))
        {
            return problem;
        }

        var origins = ParseOrigins(blame.StandardOutput);
        var (text, truncated, hidden) = served.Serve(whole, startLine, lastLine, stoppedEarly);
        var texts = text.Split('\n');
        var lines = new List<GitBlameLine>();
        for (var i = 0; i < lastLine - startLine + 1 && i < texts.Length && i < origins.Count; i++)
        {
            if (truncated && i == texts.Length - 1)
            {
                break; // the cap cut inside this line: it is not served
            }

            var (id, author, date) = origins[i];
            lines.Add(new GitBlameLine(startLine + i, id, served.ServeField(author), date, texts[i]));
        }

        truncated |= lines.Count < lastLine - startLine + 1;
        var servedEnd = startLine + lines.Count - 1;
        var hash = ReadAudit.Sha256Hex(string.Join('\n', lines.Select(l => $"{l.Commit}\u001f{l.Author}\u001f{l.Date}\u001f{l.Content}")));
        await pipeline.AuditAsync(caller, "GIT_BLAME", $"{refName}:{gitPath}", $"{startLine}-{servedEnd}", hash);
        return new GitBlameResult(refName, commit, gitPath, startLine, servedEnd, total, lines, truncated, hidden);
    }

    /// <summary>Per line, in order: commit id, author, ISO date. Only header and key lines are read; a line's text (after a tab) is skipped.</summary>
    private static List<(string Id, string Author, string Date)> ParseOrigins(string porcelain)
    {
        var origins = new List<(string, string, string)>();
        string? id = null, author = null;
        long time = 0;
        var zone = TimeSpan.Zero;
        foreach (var line in porcelain.Split('\n'))
        {
            if (line.StartsWith('\t'))
            {
                if (id is not null)
                {
                    origins.Add((id, author ?? "", DateTimeOffset.FromUnixTimeSeconds(time).ToOffset(zone).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));
                }

                id = null;
            }
            else if (id is null && Header().Match(line) is { Success: true } header)
            {
                id = header.Groups[1].Value;
            }
            else if (id is not null && line.StartsWith("author ", StringComparison.Ordinal))
            {
                author = line["author ".Length..];
            }
            else if (id is not null && line.StartsWith("author-time ", StringComparison.Ordinal))
            {
                _ = long.TryParse(line["author-time ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out time);
            }
            else if (id is not null && Zone().Match(line) is { Success: true } z)
            {
                zone = new TimeSpan(int.Parse(z.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(z.Groups[3].Value, CultureInfo.InvariantCulture), 0);
                zone = zone > TimeSpan.FromHours(14) ? TimeSpan.Zero : z.Groups[1].Value == "-" ? zone.Negate() : zone; // a forged zone never throws
            }
        }

        return origins;
    }

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64}) [0-9]+ [0-9]+( [0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex("^author-tz ([+-])([0-9]{2})([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Zone();
}
