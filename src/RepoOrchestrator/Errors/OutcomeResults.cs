using Microsoft.AspNetCore.Http.HttpResults;

namespace RepoOrchestrator.Errors;

/// <summary>The HTTP door's one mapping of an <see cref="Outcome{T}"/>: the success as the endpoint's typed result, a problem as problem+json.</summary>
public static class OutcomeResults
{
    public static Results<TResult, ProblemResult> ToHttp<T, TResult>(this Outcome<T> outcome, Func<T, TResult> onSuccess)
        where TResult : IResult
    {
        ArgumentNullException.ThrowIfNull(onSuccess);
        return outcome.TryGet(out var value, out var problem) ? onSuccess(value) : new ProblemResult(problem);
    }
}
