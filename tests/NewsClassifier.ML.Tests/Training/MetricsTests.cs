namespace NewsClassifier.ML.Tests.Training;

public class MetricsTests
{
    [Fact]
    public void Hand_computed_case()
    {
        // actual:    0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2
        var m = Metrics.Compute([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ["a", "b", "c"]);
        Assert.Equal(4.0 / 6, m.Accuracy, 12);
        Assert.Equal([[2, 1, 0], [0, 1, 1], [0, 0, 1]], m.ConfusionMatrix);
        // a: P 2/2, R 2/3, F1 0.8; b: P 1/2, R 1/2, F1 0.5; c: P 1/2, R 1, F1 2/3
        Assert.Equal(1.0, m.PerClass[0].Precision, 12);
        Assert.Equal(2.0 / 3, m.PerClass[0].Recall, 12);
        Assert.Equal(0.8, m.PerClass[0].F1, 12);
        Assert.Equal(0.5, m.PerClass[1].F1, 12);
        Assert.Equal(2.0 / 3, m.PerClass[2].F1, 12);
        Assert.Equal((0.8 + 0.5 + 2.0 / 3) / 3, m.MacroF1, 12);
        Assert.Equal(3, m.PerClass[0].Support);
    }

    [Fact]
    public void A_class_never_predicted_has_f1_zero_not_nan()
    {
        var m = Metrics.Compute([0, 1, 2, 2], [0, 1, 1, 0], ["a", "b", "c"]);
        Assert.Equal(0, m.PerClass[2].Precision);
        Assert.Equal(0, m.PerClass[2].Recall);
        Assert.Equal(0, m.PerClass[2].F1);
        Assert.False(double.IsNaN(m.MacroF1));
        // a: P 1/2 R 1 F1 2/3; b: same; c: 0
        Assert.Equal((2.0 / 3 + 2.0 / 3 + 0) / 3, m.MacroF1, 12);
    }

    [Fact]
    public void Empty_and_mismatched_inputs()
    {
        var empty = Metrics.Compute([], [], ["a", "b"]);
        Assert.Equal(0, empty.Accuracy);
        Assert.Equal(0, empty.MacroF1);
        Assert.Throws<ArgumentException>(() => Metrics.Compute([0], [], ["a", "b"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.Compute([0], [5], ["a", "b"]));
    }
}
