using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The per-call redaction budget: a count of candidates inspected (regex matches, secret-like names), not time, so
/// it is deterministic and testable. Every candidate costs a bounded window of work, so the budget bounds the CPU
/// of one redaction; a text that exceeds it is refused with 422, never served unchecked.
/// </summary>
internal static class RedactionBudget
{
    /// <summary>Candidates per redaction call; real files stay far below (a 1 MB config has a few thousand).</summary>
    public const long MaxCandidates = 50_000;

    public const string Detail =
        "The file is too costly to redact safely (too many secret-like candidates in the requested text); read a smaller line range.";

    public static ApiProblemException Exceeded() =>
        new(StatusCodes.Status422UnprocessableEntity, Detail, "redaction-budget");
}
