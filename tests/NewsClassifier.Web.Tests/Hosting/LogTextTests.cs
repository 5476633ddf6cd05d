using NewsClassifier.Application.Hosting;

namespace NewsClassifier.Web.Tests.Hosting;

/// <summary>User input in a log line cannot start a forged line or carry terminal escapes.</summary>
public class LogTextTests
{
    [Theory]
    [InlineData("anna", "anna")]
    [InlineData("admin\r\n2026-12-01 info: admin signed in", "admin\\r\\n2026-12-01 info: admin signed in")]
    [InlineData("x\u001b[31mred", "x\\u001b[31mred")]
    [InlineData("tab\there\u2028next", "tab\\there\\u2028next")]
    [InlineData(null, "(none)")]
    public void Control_characters_are_escaped(string? input, string expected) => Assert.Equal(expected, LogText.Safe(input));

    [Fact]
    public void Long_values_are_cut()
    {
        var safe = LogText.Safe(new string('a', 5000) + "\n");
        Assert.Equal(LogText.MaxLength + 1, safe.Length);
        Assert.EndsWith("…", safe);
    }
}
