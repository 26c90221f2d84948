using System.Text;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Files;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Index;

/// <summary>
/// The text the index takes a file's trigrams from: the file as redacted, whole, by the same redactor and call limit
/// that serve it. SECURITY: which files a search reads, and so its time and its <c>skipped</c> list, then depend only
/// on what is served, never on a redacted value: a query holding part of a secret proposes no file for it (with raw
/// trigrams, it proposed exactly the files holding that part). Three outcomes:
/// <list type="bullet">
/// <item>nothing redacted: the raw bytes (the usual case; no copy);</item>
/// <item>something redacted: the UTF-8 of the redacted text. If the text holds hidden characters and judging it without
/// them finds a secret the first pass missed (<see cref="RevealingRedaction.RedactThenStrip"/>), the text without them,
/// redacted, as a search serves it, and <see cref="IndexedFileFlags.ReadAlways"/>: its text joins what the file has
/// apart, so no plan may rule it out. The same flag when the pass lost the file's line count, or a two-byte hidden
/// character ends the file;</item>
/// <item>over the call limit: <see cref="IndexedFileFlags.Unredactable"/> and no trigrams. Every indexed search in its
/// scope lists it in <c>skipped</c> without reading it, whatever the query.</item>
/// </list>
/// The redaction is the service's own work, charged to no request (<see cref="RedactionBudget.BeginOwnWork"/>), so a
/// refresh a request runs first costs that request nothing and cannot fail it.
/// </summary>
internal static class RedactedContent
{
    /// <summary>The flags the redaction adds, and the bytes to take trigrams from (<paramref name="content"/> itself when nothing was redacted).</summary>
    public static IndexedFileFlags Of(ITextRedactor redactor, ReadOnlySpan<byte> content, int lines, out byte[]? redacted)
    {
        redacted = null;
        if (content.IsEmpty)
        {
            return IndexedFileFlags.None;
        }

        var raw = Encoding.UTF8.GetString(content);
        using var own = RedactionBudget.BeginOwnWork();
        try
        {
            var last = Math.Max(lines, 1);
            var pass = RevealingRedaction.RedactThenStrip(redactor, new RedactableText(raw), raw, 1, last); // as ServedLines serves a whole file
            var whole = pass.Served;
            var flags = pass.StrippingApplied ? IndexedFileFlags.ReadAlways : IndexedFileFlags.None;

            // A pass that lost the file's lines (a rule out of time fails closed with one marker) may not be the one a
            // search gets; a two-byte hidden character ending the file has no trigram for HiddenTextTrigrams to find.
            if (TextLines.Count(whole) != lines || EndsWithUnrecordedHiddenCharacter(raw))
            {
                flags = IndexedFileFlags.ReadAlways;
            }

            if (!string.Equals(whole, raw, StringComparison.Ordinal))
            {
                redacted = Encoding.UTF8.GetBytes(whole);
            }

            return flags;
        }
        catch (ApiProblemException problem) when (RedactionBudget.IsExceeded(problem))
        {
            return IndexedFileFlags.Unredactable;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException or ApiProblemException))
        {
            // SECURITY: fail closed on a redactor fault (a hostile file that finds a bug, as a trailing backslash once
            // did): the file is indexed as one no search may read, and the build goes on with the others instead of
            // stopping for good. Reading the file itself reports the fault as what it is.
            return IndexedFileFlags.Unredactable;
        }
    }

    private static bool EndsWithUnrecordedHiddenCharacter(string text) =>
        text.Length > 0 && text[^1] is >= '\u0080' and < '\u0800' && HiddenCharacters.Count(text.AsSpan(^1)) > 0;
}
