using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// What one request may spend on redaction, counted in candidates inspected (a regex match, a secret-like name, a
/// token a shape rule looks at), not in time, so it is deterministic and testable. Every candidate costs a bounded
/// window of work, so the counts bound the CPU. Three levels:
/// <list type="bullet">
/// <item>a <b>request</b> budget (<see cref="RedactionBudgetLimits.PerRequest"/>), opened once per HTTP request by
/// <see cref="RedactionBudgetMiddleware"/> and once per MCP tool call by the tool runner, shared by every redaction
/// call of that request, parallel search workers included (it flows through an <see cref="AsyncLocal{T}"/>);</item>
/// <item>a <b>share</b> (<see cref="RedactionBudgetLimits.PerCall"/>) a caller opens for one unit of work drawn from
/// the request budget, such as one file of a search, so one costly file cannot use up the whole request;</item>
/// <item>the <b>call</b> limit (<see cref="RedactionBudgetLimits.PerCall"/>) of each redaction call, which is the
/// only budget of a call made outside any request (CLI, start-up).</item>
/// </list>
/// Over any of them the redaction throws the 422 <see cref="ProblemType"/> problem: text the redactor could not
/// afford to check never leaves. Thread-safe: counters are updated with <see cref="Interlocked"/>.
/// </summary>
internal sealed class RedactionBudget
{
    public const string ProblemType = "redaction-budget";

    /// <summary>The default per-call limit (also each search file's share); real files stay far below it.</summary>
    public const long MaxCandidates = RedactionBudgetLimits.DefaultPerCall;

    public const string Detail =
        "The file is too costly to redact safely (too many secret-like candidates). A file is redacted whole whatever lines are asked for, so no part of this file can be served; search lists it as skipped.";

    private static readonly AsyncLocal<RedactionBudget?> Ambient = new();

    private readonly RedactionBudget? _parent;
    private long _spent;

    private RedactionBudget(long limit, long callLimit, RedactionBudget? parent)
    {
        Limit = limit;
        CallLimit = callLimit;
        _parent = parent;
    }

    /// <summary>The innermost budget open on this flow of execution, or null outside any request.</summary>
    public static RedactionBudget? Current => Ambient.Value;

    public long Limit { get; }

    /// <summary>The budget this one is a share of (the request's), or null for a request's own budget.</summary>
    public RedactionBudget? Parent => _parent;

    /// <summary>The limit of each single redaction call made under this budget.</summary>
    public long CallLimit { get; }

    public long Spent => Interlocked.Read(ref _spent);

    /// <summary>True once a charge went past <see cref="Limit"/>: every later charge fails too.</summary>
    public bool Exhausted => Spent > Limit;

    /// <summary>
    /// Opens a fresh request budget as the ambient one until the scope is disposed. A new request never inherits the
    /// budget of whatever flow started it (an MCP session's first request, say): each request starts full.
    /// </summary>
    public static Scope BeginRequest(RedactionBudgetLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new Scope(new RedactionBudget(limits.PerRequest, limits.PerCall, parent: null));
    }

    /// <summary>
    /// Opens a share of the ambient budget (one file of a search) limited to the per-call limit; its charges count
    /// against the request too. Outside any request the share is a budget of its own.
    /// </summary>
    public static Scope BeginShare()
    {
        var parent = Current;
        var limit = parent?.CallLimit ?? RedactionBudgetLimits.DefaultPerCall;
        return new Scope(new RedactionBudget(limit, limit, parent));
    }

    /// <summary>
    /// Opens a share of the per-call limit that the ambient budget's remainder cannot cut short and that does not draw
    /// from it: the first file of a search page, so a page always gets past at least one file. A request thus spends at
    /// most its limit plus one share.
    /// </summary>
    public static Scope BeginDetachedShare()
    {
        var limit = Current?.CallLimit ?? RedactionBudgetLimits.DefaultPerCall;
        return new Scope(new RedactionBudget(limit, limit, parent: null));
    }

    /// <summary>
    /// Sets the ambient budget aside until disposed, for redaction the service does for itself (the search index), which
    /// no request pays for even when a request's flow started it: each call is then bounded by its call limit alone.
    /// </summary>
    public static OwnWork BeginOwnWork() => new(Ambient.Value);

    /// <summary>True when <paramref name="problem"/> is the over-budget refusal.</summary>
    public static bool IsExceeded(ApiProblemException problem) =>
        problem is { ProblemType: ProblemType, Status: StatusCodes.Status422UnprocessableEntity };

    public static ApiProblemException Exceeded() =>
        new(StatusCodes.Status422UnprocessableEntity, Detail, ProblemType);

    /// <summary>Charges one candidate to this budget and every budget it is drawn from; throws past any limit.</summary>
    public void Charge()
    {
        // Every level is charged before any is checked, so a request whose limit is reached together with a share's
        // reads as exhausted, and the search stops instead of starting the next file.
        var over = false;
        for (var budget = this; budget is not null; budget = budget._parent)
        {
            over |= Interlocked.Increment(ref budget._spent) > budget.Limit;
        }

        if (over)
        {
            throw Exceeded(); // SECURITY: fail closed, the request cannot buy more redaction CPU than its budget
        }
    }

    /// <summary>Makes a budget the ambient one; disposing restores the previous one.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly RedactionBudget? _previous;

        internal Scope(RedactionBudget budget)
        {
            Budget = budget;
            _previous = Ambient.Value;
            Ambient.Value = budget;
        }

        public RedactionBudget Budget { get; }

        public void Dispose() => Ambient.Value = _previous;
    }

    /// <summary>No ambient budget until disposed (<see cref="BeginOwnWork"/>); disposing restores the previous one.</summary>
    public readonly struct OwnWork : IDisposable
    {
        private readonly RedactionBudget? _previous;

        internal OwnWork(RedactionBudget? previous)
        {
            _previous = previous;
            Ambient.Value = null;
        }

        public void Dispose() => Ambient.Value = _previous;
    }
}
