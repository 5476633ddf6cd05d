using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.ML.Tests.Training.Bert;

public class BertInputsTests
{
    [Theory]
    [InlineData(1, 128, 8)]
    [InlineData(8, 128, 8)]
    [InlineData(9, 128, 16)]
    [InlineData(37, 128, 40)]
    [InlineData(125, 128, 128)]
    [InlineData(30, 32, 32)]
    [InlineData(31, 30, 30)]
    public void Batches_pad_to_a_multiple_of_eight_within_the_maximum(int longest, int maxLength, int expected) =>
        Assert.Equal(expected, BertInputs.PaddedLength(longest, maxLength));
}
