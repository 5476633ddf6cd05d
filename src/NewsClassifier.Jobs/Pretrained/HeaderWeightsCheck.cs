using System.IO.Compression;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.Jobs.Pretrained;

/// <summary>
/// The container checks: a safetensors file must pass <see cref="SafeTensors.Read"/> (header JSON, dtypes, offsets
/// covering the data exactly); a PyTorch .bin must be the zip format torch.save writes since 1.6, holding
/// <c>&lt;name&gt;/data.pkl</c> (the legacy tar/pickle format is refused: it cannot be read without running pickle code).
/// </summary>
public sealed class HeaderWeightsCheck : IPretrainedWeightsCheck
{
    public void Check(string weightsPath, string format, BertConfig config)
    {
        var name = Path.GetFileName(weightsPath);
        if (format == PretrainedFiles.SafeTensorsFormat)
        {
            try
            {
                using var file = SafeTensors.Read(weightsPath);
                if (file.Tensors.Count == 0) throw new InvalidDataException($"{name} holds no tensors.");
            }
            catch (InvalidDataException e) when (!e.Message.Contains(name, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{name}: {e.Message}", e);
            }
            return;
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(weightsPath);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{name} is not a PyTorch zip checkpoint (torch.save since PyTorch 1.6); legacy pickle files are not supported. Convert it to model.safetensors.", e);
        }
        using (zip)
        {
            if (!zip.Entries.Any(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl"))
                throw new InvalidDataException($"{name} is a zip but has no data.pkl: not a PyTorch checkpoint.");
        }
    }
}
