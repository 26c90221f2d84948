namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The redaction budget's limits, in candidates inspected (see <c>RedactionBudget</c>). Registered once; tests replace
/// the registration with small limits instead of building megabyte inputs. Not an ORCH_* setting: the limits are a
/// security bound, not a tuning knob.
/// </summary>
public sealed class RedactionBudgetLimits
{
    /// <summary>One redaction call, and one file of a search: a 1 MB config has a few thousand candidates.</summary>
    public const long DefaultPerCall = 50_000;

    /// <summary>Everything one HTTP request or MCP tool call redacts: four costly files' worth.</summary>
    public const long DefaultPerRequest = 200_000;

    public static RedactionBudgetLimits Default { get; } = new(DefaultPerCall, DefaultPerRequest);

    public RedactionBudgetLimits(long perCall, long perRequest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perCall, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perRequest, perCall);
        PerCall = perCall;
        PerRequest = perRequest;
    }

    public long PerCall { get; }

    public long PerRequest { get; }
}
