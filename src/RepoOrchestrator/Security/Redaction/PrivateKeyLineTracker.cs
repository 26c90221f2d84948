namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Line-by-line state for callers that redact one line at a time (search): feed it every line of a file in order,
/// and withhold a line whole when <see cref="IsSecretLine"/> says so. A block left open runs to the end of the
/// file (fail closed); an END without a BEGIN withholds only the END line itself.
/// </summary>
public struct PrivateKeyLineTracker
{
    public bool InsideBlock { get; private set; }

    /// <summary>Updates the state with <paramref name="line"/>; true when the line is part of a private-key block.</summary>
    public bool IsSecretLine(ReadOnlySpan<char> line)
    {
        switch (PrivateKeyPem.Classify(line))
        {
            case PemMarker.Begin:
                InsideBlock = true;
                return true;
            case PemMarker.End:
                InsideBlock = false;
                return true;
            case PemMarker.BeginAndEnd:
                return true;
            default:
                return InsideBlock;
        }
    }
}
