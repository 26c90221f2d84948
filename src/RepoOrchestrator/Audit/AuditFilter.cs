namespace RepoOrchestrator.Audit;

/// <summary>
/// Which audit lines the dashboard asks for: an operation (`READ`, `PANIC`, …; exact), an actor by token name (exact,
/// the fingerprint left out), and a time range. Empty fields match everything.
/// </summary>
public sealed record AuditFilter(string? Operation, string? Actor, DateTimeOffset? From, DateTimeOffset? To)
{
    public bool IsEmpty => string.IsNullOrEmpty(Operation) && string.IsNullOrEmpty(Actor) && From is null && To is null;

    /// <summary>Whether <paramref name="line"/> has the operation and the actor asked for (the time range is the reader's).</summary>
    public bool Matches(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!AuditLine.TryParse(line, out var parts))
        {
            return false;
        }

        return (string.IsNullOrEmpty(Operation) || string.Equals(OperationOf(parts.Body), Operation, StringComparison.Ordinal))
            && (string.IsNullOrEmpty(Actor) || string.Equals(NameOf(AuditLine.Field(parts.Body, "ACTOR")), Actor, StringComparison.Ordinal));
    }

    /// <summary>The `OP:` value, or `PANIC` for a panic line.</summary>
    public static string? OperationOf(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return AuditLine.Field(body, "OP") ?? (body.StartsWith("PANIC", StringComparison.Ordinal) ? "PANIC" : null);
    }

    /// <summary>The token name of an actor `&lt;name&gt;:&lt;fingerprint&gt;` (the whole actor when it has no fingerprint).</summary>
    public static string? NameOf(string? actor)
    {
        if (actor is null)
        {
            return null;
        }

        var colon = actor.LastIndexOf(':');
        return colon > 0 ? actor[..colon] : actor;
    }
}
