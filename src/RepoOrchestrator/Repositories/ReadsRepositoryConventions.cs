using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// Marks an endpoint as a read of one repository: it takes the optional `repo` query parameter (documented in OpenAPI
/// by OrchestratorOperationTransformer from this metadata) and its filter sets <see cref="RequestedRepository"/> before
/// the handler runs. A contract test requires it on every reader endpoint that is not explicitly repository-free.
/// </summary>
public static class ReadsRepositoryConventions
{
    public static RouteHandlerBuilder ReadsRepository(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(ReadsRepositoryMetadata.Instance).AddEndpointFilter(async (context, next) =>
        {
            var values = context.HttpContext.Request.Query[RequestedRepository.Parameter];
            if (values.Count > 1)
            {
                return new ProblemResult(Problem.BadRequest($"Query parameter '{RequestedRepository.Parameter}' may be given once."));
            }

            RequestedRepository.Set(values.Count == 1 ? values[0] : null);
            return await next(context);
        });
    }
}

/// <summary>Endpoint metadata: this endpoint reads the repository its `repo` parameter names (default the active one).</summary>
public sealed class ReadsRepositoryMetadata
{
    public static readonly ReadsRepositoryMetadata Instance = new();

    private ReadsRepositoryMetadata()
    {
    }
}
