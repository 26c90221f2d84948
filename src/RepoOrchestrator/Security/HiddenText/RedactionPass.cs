namespace RepoOrchestrator.Security.HiddenText;

/// <summary>
/// Lines of a text redacted as they are in the repository and, when judging them without their hidden characters found
/// a secret the first redaction missed, those lines without hidden characters, redacted (<see cref="Stripped"/>): what
/// must be served instead. <see cref="HiddenCharacters"/> counts those of the first redaction, the count shown with
/// either text: one inside a redacted value is not counted, or the count would tell that the value held one.
/// </summary>
internal readonly record struct RedactionPass(string Redacted, string? Stripped, int HiddenCharacters)
{
    /// <summary>Whether the text without its hidden characters is what must be served.</summary>
    public bool StrippingApplied => Stripped is not null;

    /// <summary>The text to serve before hidden characters are shown: the stripped redaction when it applied.</summary>
    public string Served => Stripped ?? Redacted;
}
