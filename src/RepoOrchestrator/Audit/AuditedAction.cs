using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Audit;

/// <summary>
/// An action that changes something (select a repository, rotate a token, install the kit) is audited once it took
/// effect, so the audit log never records a change that did not happen; an action that fails is audited as
/// `&lt;OP&gt;_FAILED` (WARNING, with the kind of failure) before the failure goes on to the caller. When the success
/// line itself cannot be written the change stands and the caller gets the storage fault (507/503).
/// </summary>
public static class AuditedAction
{
    public static async Task RunAsync(AuditLog audit, string op, string actor, string path, Action action, string range = "-", string hash = "-")
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            action();
        }
        catch (Exception ex)
        {
            await AuditFailureAsync(audit, op, actor, path, ex).ConfigureAwait(false);
            throw;
        }

        await audit.OperationAsync(op, actor, path, range, hash).ConfigureAwait(false);
    }

    /// <summary>Audits `&lt;OP&gt;_FAILED`; when even that line cannot be written, the action's own error is what the caller sees.</summary>
    public static Task AuditFailureAsync(AuditLog audit, string op, string actor, string path, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return AuditFailedAsync(audit, op, actor, path, error switch
        {
            ApiProblemException problem => Kind(problem.Problem),
            StorageFaultException fault => StorageFaultException.NameOf(fault.Part),
            _ => error.GetType().Name,
        });
    }

    /// <summary>Audits `&lt;OP&gt;_FAILED` for an action that answered a <see cref="Problem"/>.</summary>
    public static Task AuditFailureAsync(AuditLog audit, string op, string actor, string path, Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return AuditFailedAsync(audit, op, actor, path, Kind(problem));
    }

    private static string Kind(Problem problem) => $"status={problem.Status}";

    private static async Task AuditFailedAsync(AuditLog audit, string op, string actor, string path, string kind)
    {
        ArgumentNullException.ThrowIfNull(audit);
        try
        {
            await audit.OperationAsync(op + "_FAILED", actor, path, kind, level: "WARNING").ConfigureAwait(false);
        }
        catch (StorageFaultException)
        {
            // The log cannot take the line; the caller still learns of the failure from the rethrown error.
        }
    }
}
