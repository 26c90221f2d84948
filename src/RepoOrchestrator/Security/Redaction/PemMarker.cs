namespace RepoOrchestrator.Security.Redaction;

/// <summary>What a single line does to the "inside a private-key block" state (see <see cref="PrivateKeyPem.Classify"/>).</summary>
public enum PemMarker
{
    /// <summary>No private-key marker: the line is inside a block only if an earlier line opened one.</summary>
    None,

    /// <summary>Opens a block that is still open at the end of the line.</summary>
    Begin,

    /// <summary>Closes a block.</summary>
    End,

    /// <summary>Holds a whole block (a one-line JSON value with escaped line breaks): the state is unchanged.</summary>
    BeginAndEnd,
}
