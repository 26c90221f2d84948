using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security.Panic;

/// <summary>Resolving or dismissing one security event, with or without lockdown (the dashboard's per-event buttons).</summary>
public sealed partial class PanicService
{
    public const string EventResolvedOperation = "SECURITY_EVENT_RESOLVED";
    public const string EventDismissedOperation = "SECURITY_EVENT_DISMISSED";

    /// <summary>
    /// Marks event <paramref name="id"/> resolved (it stops counting towards the panic threshold and stays listed), or
    /// with <paramref name="dismiss"/> deletes it from the list. Either way the audit log keeps a line naming the event,
    /// its type and payload hash and who did it, so a dismissed event is never lost evidence. Panic mode itself is
    /// untouched: only `clear_panic` turns it off.
    /// </summary>
    public async Task<Outcome<SecurityEventChange>> ResolveEventAsync(long id, bool dismiss, string actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        (string Type, string PayloadHash)? found;
        lock (_gate)
        {
            found = store.Write((c, t) => SecurityEventTable.ResolveOne(c, t, id, dismiss));
        }

        var operation = dismiss ? EventDismissedOperation : EventResolvedOperation;
        if (found is not { } row)
        {
            var missing = Problem.NotFound($"No security event with id {id}; it may have been pruned (events are kept 24 hours). Reload the list.");
            await AuditedAction.AuditFailureAsync(audit, operation, actor, $"event={id}", missing); // a failed change is audited too
            return missing;
        }

        // SECURITY: the audit line keeps what a dismissed event was (type and payload hash, never a token).
        await audit.OperationAsync(operation, actor,
            path: row.Type, range: $"event={id}", hash: row.PayloadHash, level: "WARNING");
        return new SecurityEventChange("success", id, dismiss ? "dismissed" : "resolved");
    }
}
