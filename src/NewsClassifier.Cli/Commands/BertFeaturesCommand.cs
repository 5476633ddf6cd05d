using System.Globalization;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Training.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>bert-features --model FOLDER --text "..." [--max-length N] [--json]</c>: the lesson's feature extractor. Runs a
/// Hugging Face BERT folder's body on one text (eval mode) and prints <c>pooled_output</c> (one vector per text),
/// the shape of <c>sequence_output</c> (one vector per WordPiece token) and its first row (the [CLS] token's vector),
/// and the number of <c>encoder_outputs</c>. Text mode prints the first 12 values of each vector, JSON all of them.
/// </summary>
public sealed class BertFeaturesCommand(CliTorch torch, CliConsole console) : ICliCommand
{
    private const int Shown = 12;

    public Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A Hugging Face BERT folder (config.json, vocab.txt, model.safetensors).", Required = true };
        var text = new Option<string>("--text", "-t") { Description = "The text to encode.", Required = true };
        var maxLength = new Option<int>("--max-length", "-n") { Description = "Maximum sequence length, [CLS] and [SEP] included.", DefaultValueFactory = _ => 128 };
        maxLength.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 2) r.AddError("--max-length must be at least 2.");
        });
        var json = new Option<bool>("--json") { Description = "Print pooled_output, sequence_output's shape and first row, and the tokens as one JSON object." };
        var command = new Command("bert-features", "Show a BERT checkpoint's pooled_output and sequence_output for a text (the lesson's feature extractor).")
        {
            model, text, maxLength, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var folderPath = parse.GetRequiredValue(model);
            var input = parse.GetValue(text);
            if (string.IsNullOrWhiteSpace(input))
            {
                await console.Error.WriteLineAsync("error: --text is empty: give the text to encode.");
                return 1;
            }
            BertFolder folder;
            try
            {
                folder = BertFolder.Open(folderPath);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"error: '{folderPath}' is not a usable BERT folder: {e.Message}");
                return 1;
            }
            int length = Math.Min(parse.GetValue(maxLength), folder.Config.MaxPositionEmbeddings);

            torch.Initialize();
            var tokenizer = folder.CreateTokenizer();
            var (ids, truncated) = BertInputs.Encode(tokenizer, input, length);
            float[] pooled, firstRow;
            long[] sequenceShape;
            int layers;
            using (var bert = folder.LoadModel())
            using (no_grad())
            using (var scope = NewDisposeScope())
            {
                bert.eval();
                var (x, mask) = BertInputs.Batch([ids], [0], ids.Length, tokenizer.PadId, CPU);
                using var outputs = bert.Forward(x, mask);
                pooled = outputs.PooledOutput[0].data<float>().ToArray();
                sequenceShape = outputs.SequenceOutput.shape;
                firstRow = outputs.SequenceOutput[0, 0].contiguous().data<float>().ToArray();
                layers = outputs.EncoderOutputs.Count;
            }
            var tokens = ids.Select(id => tokenizer.TokenOf((int)id)).ToArray();

            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    Tokens = tokens,
                    InputIds = ids,
                    Truncated = truncated,
                    PooledOutput = pooled,
                    SequenceOutputShape = sequenceShape,
                    SequenceOutputFirstRow = firstRow,
                    EncoderOutputs = layers,
                }));
                return 0;
            }
            await console.Out.WriteLineAsync($"tokens:               [{string.Join(", ", tokens)}]{(truncated ? " (truncated)" : "")}");
            await console.Out.WriteLineAsync($"pooled_output:        shape [1, {pooled.Length}], values {Head(pooled)}");
            await console.Out.WriteLineAsync($"sequence_output:      shape [{string.Join(", ", sequenceShape)}], first row {Head(firstRow)}");
            await console.Out.WriteLineAsync($"encoder_outputs:      {layers} layers (the last equals sequence_output)");
            return 0;
        });
        return command;
    }

    private static string Head(float[] values) =>
        "[" + string.Join(", ", values.Take(Shown).Select(v => v.ToString("F6", CultureInfo.InvariantCulture))) + (values.Length > Shown ? ", ..." : "") + "]";
}
