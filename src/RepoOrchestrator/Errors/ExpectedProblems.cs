namespace RepoOrchestrator.Errors;

/// <summary>
/// The expected failures (problem+json statuses) of one endpoint, declared once where it is mapped with
/// <see cref="ProblemResponses.ProducesProblems"/>. The OpenAPI document's error responses are built from it
/// (OpenApi/OrchestratorOperationTransformer); 400 for a bad query value, 401, 403 for the wrong role, 429, 500
/// and 503 are derived there for every operation and need no declaration.
/// </summary>
public sealed record ExpectedProblems(IReadOnlyList<int> Statuses);
