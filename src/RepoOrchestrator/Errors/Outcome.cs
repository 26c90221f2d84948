using System.Diagnostics.CodeAnalysis;

namespace RepoOrchestrator.Errors;

/// <summary>
/// What a feature service answers: a value, or the <see cref="Errors.Problem"/> that stopped it. Expected failures
/// travel as values, so each door maps them in one place (HTTP: <see cref="OutcomeResults"/>; MCP:
/// Mcp/McpToolResults) and the exception middleware is left for real crashes. A struct, so a success allocates
/// nothing; implicit conversions let a service `return problem;` or `return result;`.
/// </summary>
public readonly struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T value, Problem? problem)
    {
        _value = value;
        Problem = problem;
    }

    /// <summary>The failure, or null on success.</summary>
    public Problem? Problem { get; }

    public bool Succeeded => Problem is null;

    /// <summary>The value of a success; reading it from a failure is a programming error.</summary>
    public T Value => Problem is null ? _value! : throw new InvalidOperationException("The outcome is a failure: " + Problem.Detail);

#pragma warning disable CA2225 // the conversions are the API: `return value;` and `return problem;`
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) =>
        new(default!, problem ?? throw new ArgumentNullException(nameof(problem)));
#pragma warning restore CA2225

    /// <summary>The value, or false with the problem: `if (!outcome.TryGet(out var value, out var problem)) return problem;`.</summary>
    public bool TryGet([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out Problem? problem)
    {
        value = _value;
        problem = Problem;
        return problem is null;
    }
}
