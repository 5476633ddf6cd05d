using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Import;

public sealed class TextCleanerTests
{
    [Theory]
    // AG News lost the '&' of its references and put a space in its place.
    [InlineData("Benitez praises Gerrard #39;s role", "Benitez praises Gerrard's role")]
    [InlineData("a  #36;3 billion deal", "a $3 billion deal")]
    [InlineData("engaging  quot;in a charade quot; with", "engaging \"in a charade\" with")]
    [InlineData("his left knee  #151; another loss", "his left knee — another loss")]
    [InlineData("AT amp;T", "AT&T")]
    // Proper references, numeric and named, Windows-1252 numbers as browsers read them.
    [InlineData("Caf&eacute; &amp; bar &#8212; &#x41;", "Café & bar — A")]
    [InlineData("it&#146;s", "it’s")]
    // Double-encoded text comes out clean.
    [InlineData("&amp;lt;b&amp;gt;Bold&amp;lt;/b&amp;gt; claim", "Bold claim")]
    [InlineData("x &amp;lt; y", "x < y")]
    // The tags the entities spell are removed; prose with '<' is not a tag.
    [InlineData("Channels &lt;b&gt;...&lt;/b&gt;", "Channels ...")]
    [InlineData("Ford &lt;A HREF=\"http://www.investor.reuters.com/q?t=F.N\"&gt;F.N&lt;/A&gt; on Wednesday", "Ford F.N on Wednesday")]
    [InlineData("if a < b and c > d", "if a < b and c > d")]
    // Backslash escapes: a line break between words, an escaped symbol, a paragraph break.
    [InlineData("running out on a\\highly publicized", "running out on a highly publicized")]
    [InlineData("a \\$3 billion", "a $3 billion")]
    [InlineData("Google AdWords\\\\Unlike many engines", "Google AdWords Unlike many engines")]
    // Not references: a number after '#', an unknown name, a word ending in a name.
    [InlineData("ranked #1; then won", "ranked #1; then won")]
    [InlineData("the &bogus; entity", "the &bogus; entity")]
    [InlineData("we camp; they sleep", "we camp; they sleep")]
    [InlineData("  plain text, untouched  ", "plain text, untouched")]
    public void Decodes_entities_tags_and_escapes(string input, string expected) => Assert.Equal(expected, TextCleaner.Clean(input));

    [Theory]
    [InlineData("Benitez praises Gerrard #39;s role")]
    [InlineData("&amp;amp;amp;lt;i&amp;amp;amp;gt;deep&amp;amp;amp;lt;/i&amp;amp;amp;gt;")]
    [InlineData("a\\\\b\\c \\$ \\\\\\\\ &#92;&#92;x")]
    [InlineData("Caf&eacute; &#151; \t tab  run")]
    public void Cleaning_clean_text_changes_nothing(string input)
    {
        var once = TextCleaner.Clean(input);
        Assert.Equal(once, TextCleaner.Clean(once));
    }

    [Fact]
    public void Hostile_nesting_costs_a_bounded_number_of_passes()
    {
        var nested = "&" + string.Concat(Enumerable.Repeat("amp;", 25_000)) + "lt;";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var cleaned = TextCleaner.Clean(nested);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"{started.Elapsed}");
        Assert.Equal(nested.Length - 4 * TextCleaner.MaxPasses, cleaned.Length); // one level per pass
    }

    [Fact]
    public void Text_without_anything_to_clean_is_returned_as_is()
    {
        const string text = "A plain article about markets, with no entities.";
        Assert.Same(text, TextCleaner.Clean(text));
    }

    [Fact]
    public void The_ag_news_sample_comes_out_without_references_or_escapes()
    {
        var lines = File.ReadAllLines(TestDatabase.SamplePath).Skip(1).Select(TextCleaner.Clean).ToList();
        Assert.DoesNotContain(lines, l => l.Contains("#39;") || l.Contains("quot;") || l.Contains("&lt;") || l.Contains('\\'));
        Assert.All(lines.Take(500), l => Assert.Equal(l, TextCleaner.Clean(l)));
    }
}
