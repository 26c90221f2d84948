using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Files;
using RepoOrchestrator.Repositories;

namespace RepoOrchestrator.Mcp;

/// <summary>`read_files`: several files in one call, through the same <see cref="FileBatchService"/> as `GET /files`.</summary>
[McpServerToolType]
internal sealed class McpFileBatchTools(FileBatchService batch, McpToolRunner runner)
{
    [McpServerTool(Name = McpToolNames.ReadFiles, Title = "Read several files", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Reads up to 20 files of the active repository in one call, each with secrets replaced by [REDACTED]; a path may carry a " +
        "line window `:START-END` (e.g. `src/b.py:10-40`). One byte budget for the whole answer: a cut file says next_start_line, a file " +
        "not read says how to read it, a failing file has its status and detail. Like GET /files.")]
    public Task<CallToolResult> ReadFiles(
        [Description("1 to 20 file paths relative to the repository root, each optionally ending in `:START-END`.")]
        [MinLength(1)]
        [MaxLength(FileBatchService.MaxFiles)]
        string[] paths,
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.ReadFiles, async () =>
        {
            var caller = McpCaller.From(user, repo);
            return McpToolResults.From(await batch.ReadAsync(paths, caller.Actor, McpCaller.AuditPrefix, cancellationToken), result =>
                McpToolResults.Structured(result, McpToolResults.TruncationNote(result.Truncated,
                    "the batch's byte budget was reached: continue each cut file at its next_start_line, read skipped files on their own")));
        });
}
