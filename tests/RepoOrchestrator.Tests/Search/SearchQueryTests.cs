using RepoOrchestrator.Search;

namespace RepoOrchestrator.Tests.Search;

/// <summary>
/// When a literal may use the raw-text prefilter: only when no served match of it can overlap the redaction marker
/// (else it is matched on every served line). Code with brackets keeps the fast path; pieces of the marker do not.
/// </summary>
public sealed class SearchQueryTests
{
    [Theory]
    [InlineData("ACT", true)] // inside the marker
    [InlineData("[REDACTED]", true)]
    [InlineData("x = [REDACTED];", true)] // holds it whole
    [InlineData("= \"[RED", true)] // runs into it
    [InlineData("[R", true)]
    [InlineData("foo[", true)]
    [InlineData("TED]\"", true)] // runs out of it
    [InlineData("]; foo", true)]
    [InlineData("U+200B", true)] // the hidden-character notation
    [InlineData("arr[0]", false)] // brackets that cannot meet the marker
    [InlineData("List<string>", false)]
    [InlineData("dict[key]", false)]
    [InlineData("def greet", false)]
    public void CouldMatchInsertedText_IsExactAboutTheMarker(string literal, bool expected) =>
        Assert.Equal(expected, SearchQuery.CouldMatchInsertedText(literal, StringComparison.Ordinal));

    [Theory]
    [InlineData("act")]
    [InlineData("[red")]
    [InlineData("ted]")]
    public void CouldMatchInsertedText_IgnoringCase_SeesLowerCasePieces(string literal)
    {
        Assert.True(SearchQuery.CouldMatchInsertedText(literal, StringComparison.OrdinalIgnoreCase));
        Assert.False(SearchQuery.CouldMatchInsertedText(literal, StringComparison.Ordinal));
    }
}
