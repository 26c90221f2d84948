using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Vitaminize;

/// <summary>
/// Installs the launcher kit into a repository under the root (SPEC 8): never overwrites (each file is
/// created with CreateNew, so an existing file or link is left alone), never writes through a link that
/// leads out of the repository, never copies a token or state file, then makes the repository active.
/// </summary>
public sealed class VitaminizeService(RepositoryService repositories, AuditLog audit, LauncherKit kit)
{
    /// <summary>The failures <see cref="InstallAsync"/> can answer, declared once for the OpenAPI document (VitaminizeEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
    ]);

    public async Task<Outcome<VitaminizeResult>> InstallAsync(string? path, string actor)
    {
        if (!repositories.Resolve(path).TryGet(out var repo, out var problem))
        {
            return problem;
        }

        // Check every file's folders before writing anything, so a refusal leaves the repository untouched.
        if (LauncherKit.Files.Select(file => CheckParents(repo, file.RelativePath)).FirstOrDefault(p => p is not null) is { } refused)
        {
            return refused;
        }

        var rendered = LauncherKit.Files.Select(f => (File: f, Bytes: kit.Render(f))).ToList();
        var created = new List<string>();
        // Audited once the kit is in place and the repository active; a failure part-way is audited as VITAMINIZE_FAILED.
        await AuditedAction.RunAsync(audit, "VITAMINIZE", actor, repo, () =>
        {
            foreach (var (file, bytes) in rendered)
            {
                if (CreateNew(repo, file, bytes))
                {
                    created.Add(file.RelativePath);
                }
            }

            repositories.Activate(repo);
        });
        return new VitaminizeResult("success", created, PathMasking.Mask(repo));
    }

    /// <summary>Every existing folder on the way to the file must be a real folder inside the repository.</summary>
    private static Problem? CheckParents(string repo, string relativePath)
    {
        var parts = relativePath.Split('/');
        var current = repo;
        foreach (var part in parts[..^1])
        {
            current = Path.Join(current, part);
            if (!Path.Exists(current) && new FileInfo(current).LinkTarget is null)
            {
                return null; // the rest does not exist yet: it will be created inside the repository
            }

            string? real;
            try
            {
                real = PathContainment.ResolveRealPath(current);
            }
            catch (IOException)
            {
                real = null;
            }

            // SECURITY: never write through a link (or a dangling or looping one) that leaves the repository.
            if (real is null || !PathContainment.IsStrictlyWithin(repo, real))
            {
                return Problem.Forbidden(
                    $"Refusing to install the kit: '{Path.GetRelativePath(repo, current)}' is a link that leads outside the repository.");
            }

            if (!Directory.Exists(real))
            {
                return Problem.Conflict(
                    $"Cannot install the kit: '{Path.GetRelativePath(repo, current)}' exists and is not a folder.");
            }
        }

        return null;
    }

    /// <summary>Writes the file only when nothing (file, folder or link) exists at its path; false when it did.</summary>
    private static bool CreateNew(string repo, KitFile file, byte[] bytes)
    {
        var target = Path.Join(repo, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
        if (Path.Exists(target) || new FileInfo(target).LinkTarget is not null)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Re-check after creating folders: one may have been swapped for a link in between.
        CheckParents(repo, file.RelativePath);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = file.Executable
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                  | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        try
        {
            // SECURITY: CreateNew (O_EXCL) never follows or replaces an existing file or link: no overwrite.
#pragma warning disable RS0030 // owner: vitaminize writes the kit with O_EXCL into a guarded target
            using var stream = new FileStream(target, options);
#pragma warning restore RS0030
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (Path.Exists(target) || new FileInfo(target).LinkTarget is not null)
        {
            return false; // created by someone else meanwhile: leave it alone
        }
    }
}
