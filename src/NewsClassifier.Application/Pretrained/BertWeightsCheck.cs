using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Application.Pretrained;

/// <summary>
/// The import's weights check is the real load: the file is read with <see cref="StateDictReader"/> (safetensors, or a
/// torch.save zip through the restricted unpickler, each record length- and CRC-checked) and loaded by name into a
/// <see cref="BertModel"/> built from the checkpoint's own config.json, as strictly as training will. So a checkpoint is
/// Ready only if every training run could load it; a mismatch lists the missing and unexpected keys and the shape
/// differences. Costs one model's memory for a moment (about 0.9 GB for bert-base), once per import.
/// </summary>
public sealed class BertWeightsCheck : IPretrainedWeightsCheck
{
    public void Check(string weightsPath, string format, BertConfig config)
    {
        var name = Path.GetFileName(weightsPath);
        TorchRuntime.Initialize();
        try
        {
            using var model = new BertModel(config);
            BertWeights.LoadFile(model, weightsPath);
        }
        catch (InvalidDataException e) when (!e.Message.Contains(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: {e.Message}", e);
        }
    }
}
