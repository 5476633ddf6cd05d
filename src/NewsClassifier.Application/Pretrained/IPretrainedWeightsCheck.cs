using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.Application.Pretrained;

/// <summary>
/// Checks a checkpoint's weights file during import. The default (<see cref="BertWeightsCheck"/>) loads it by name
/// into a model built from the checkpoint's config.json. Throw <see cref="InvalidDataException"/> with a message naming the file and the problem.
/// </summary>
public interface IPretrainedWeightsCheck
{
    /// <param name="weightsPath">model.safetensors or pytorch_model.bin.</param>
    /// <param name="format"><see cref="PretrainedFiles.SafeTensorsFormat"/> or <see cref="PretrainedFiles.PyTorchBinFormat"/>.</param>
    void Check(string weightsPath, string format, BertConfig config);
}
