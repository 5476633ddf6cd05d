using NewsClassifier.ML.Models.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>The learning-rate schedule and optimiser of the BERT recipes, as pure, testable pieces.</summary>
public static class BertOptimization
{
    /// <summary>Warm-up steps as the reference's <c>num_warmup_steps=int(0.1*num_train_steps)</c> computes them (rounded down).</summary>
    public static int WarmupSteps(double warmupFraction, int totalSteps) => (int)(warmupFraction * totalSteps);

    /// <summary>
    /// The factor on the peak learning rate before optimiser step <paramref name="step"/> (0-based): linear from 0 over the
    /// warm-up steps, then constant or linear down to 0 at <paramref name="totalSteps"/> — Hugging Face's
    /// <c>get_linear_schedule_with_warmup</c> (and the TF <c>create_optimizer</c> the reference uses: WarmUp + PolynomialDecay power 1).
    /// </summary>
    public static double LearningRateFactor(BertSchedule schedule, int warmupSteps, int totalSteps, int step)
    {
        if (step < warmupSteps) return (double)step / Math.Max(1, warmupSteps);
        if (schedule == BertSchedule.Constant) return 1.0;
        return Math.Max(0.0, (double)(totalSteps - step) / Math.Max(1, totalSteps - warmupSteps));
    }

    /// <summary>
    /// Whether AdamW decays a parameter: not biases and not LayerNorm weights (Hugging Face's Trainer and the TF
    /// <c>AdamWeightDecay</c> of <c>create_optimizer</c>, which excludes "LayerNorm", "layer_norm" and "bias").
    /// </summary>
    public static bool DecaysWeight(string parameterName) =>
        !parameterName.EndsWith("bias", StringComparison.Ordinal)
        && !parameterName.Contains("LayerNorm.", StringComparison.Ordinal) && !parameterName.Contains("layer_norm", StringComparison.Ordinal);

    /// <summary>Adam or AdamW over the trainable parameters only (a frozen body adds no optimiser state).</summary>
    public static optim.Optimizer Create(BertForSequenceClassification model, BertParameters p)
    {
        var trainable = model.named_parameters().Where(n => n.parameter.requires_grad).ToList();
        if (trainable.Count == 0) throw new InvalidOperationException("The model has no trainable parameters.");
        if (p.Optimizer == BertOptimizer.Adam)
            return optim.Adam(trainable.Select(n => n.parameter), p.LearningRate);

        var decay = trainable.Where(n => DecaysWeight(n.name)).Select(n => n.parameter).ToList();
        var noDecay = trainable.Where(n => !DecaysWeight(n.name)).Select(n => n.parameter).ToList();
        var groups = new List<AdamW.ParamGroup>();
        if (decay.Count > 0) groups.Add(new AdamW.ParamGroup(decay, lr: p.LearningRate, weight_decay: p.WeightDecay));
        if (noDecay.Count > 0) groups.Add(new AdamW.ParamGroup(noDecay, lr: p.LearningRate, weight_decay: 0));
        return optim.AdamW(groups, p.LearningRate);
    }

    /// <summary>Sets every parameter group's learning rate (the schedule is applied per optimiser step, not per micro-batch).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }
}
