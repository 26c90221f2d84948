namespace RepoOrchestrator.Security.Authentication;

/// <summary>Hears about every request that presented a token which matched no role (panic-mode tracking).</summary>
public interface IInvalidTokenObserver
{
    /// <summary>Called with the presented token so its hash can be recorded; implementations never store it.</summary>
    Task OnInvalidTokenAsync(HttpContext context, string presentedToken);
}
