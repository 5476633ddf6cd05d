using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.Jobs.Pretrained;

/// <summary>
/// Checks a checkpoint's weights file during import. The default (<see cref="HeaderWeightsCheck"/>) checks the
/// container only; the BERT loader can replace it in DI with a check of the tensor names and shapes against
/// <paramref name="config"/>. Throw <see cref="InvalidDataException"/> with a message naming the file and the problem.
/// </summary>
public interface IPretrainedWeightsCheck
{
    /// <param name="weightsPath">model.safetensors or pytorch_model.bin.</param>
    /// <param name="format"><see cref="PretrainedFiles.SafeTensorsFormat"/> or <see cref="PretrainedFiles.PyTorchBinFormat"/>.</param>
    void Check(string weightsPath, string format, BertConfig config);
}
