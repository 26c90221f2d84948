namespace RepoOrchestrator.Configuration;

/// <summary>ORCH_OAUTH: <c>auto</c> (on only when ORCH_PUBLIC_URL is https), <c>on</c> or <c>off</c>.</summary>
public enum OAuthMode
{
    Auto,
    On,
    Off,
}
