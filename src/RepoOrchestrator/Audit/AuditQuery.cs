namespace RepoOrchestrator.Audit;

/// <summary>
/// The dashboard's view of the audit log: the newest <c>limit</c> lines, or with a filter (operation, actor name, time
/// range) the newest <c>limit</c> lines that match across the whole log and its backups, each with its fields split
/// out for a table. The raw line stays beside them, exactly as written.
/// </summary>
public sealed class AuditQuery(AuditLog audit, AuditExport export)
{
    public async Task<AuditLinesResponse> RunAsync(int limit, AuditFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IReadOnlyList<string> lines;
        if (filter.IsEmpty)
        {
            lines = audit.Tail(limit);
        }
        else
        {
            var newest = new Queue<string>(limit + 1);
            await foreach (var line in export.LinesAsync(filter.From, filter.To, ct).ConfigureAwait(false))
            {
                if (filter.Matches(line))
                {
                    newest.Enqueue(line);
                    if (newest.Count > limit)
                    {
                        newest.Dequeue();
                    }
                }
            }

            lines = [.. newest];
        }

        return new AuditLinesResponse(lines) { Entries = [.. lines.Select(Entry)] };
    }

    /// <summary>A line's fields as the table shows them; a line that does not parse keeps only its raw text.</summary>
    public static AuditEntry Entry(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!AuditLine.TryParse(line, out var parts))
        {
            return new AuditEntry(null, null, null, null, null, null, null, null, null, line);
        }

        var actor = AuditLine.Field(parts.Body, "ACTOR");
        return new AuditEntry(
            parts.Time, parts.Level, AuditFilter.OperationOf(parts.Body), AuditLine.Field(parts.Body, "PATH"),
            AuditLine.Field(parts.Body, "RANGE"), AuditFilter.NameOf(actor), actor, AuditLine.Field(parts.Body, "ROLE"),
            AuditLine.Field(parts.Body, "CLIENT"), line)
        {
            McpClient = AuditLine.Field(parts.Body, "MCP_CLIENT"),
            Repository = AuditLine.Field(parts.Body, "REPO"),
        };
    }
}
