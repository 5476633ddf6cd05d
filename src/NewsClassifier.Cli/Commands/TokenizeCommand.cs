using System.Text.Json;
using Microsoft.Extensions.Logging;
using NewsClassifier.ML.Text;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>tokenize --vocab VOCAB.TXT --text "..." [--max-length N] [--pad-to-max] [--cased] [--json]</c>: what a BERT
/// checkpoint's tokenizer (Hugging Face <c>vocab.txt</c>) makes of a text: [CLS] word pieces [SEP], truncated to
/// <c>--max-length</c>, padded with [PAD] to it with <c>--pad-to-max</c>. Uncased (lower-case, accents stripped) unless
/// <c>--cased</c> or a <c>tokenizer_config.json</c> next to the vocabulary says <c>do_lower_case: false</c>.
/// </summary>
public sealed class TokenizeCommand(CliConsole console, ILogger<TokenizeCommand> logger) : ICliCommand
{
    public Command Create()
    {
        var vocab = new Option<string>("--vocab", "-v") { Description = "The checkpoint's WordPiece vocabulary (vocab.txt, one token a line).", Required = true };
        var text = new Option<string>("--text", "-t") { Description = "The text to tokenize.", Required = true };
        var maxLength = new Option<int>("--max-length", "-n") { Description = "Maximum sequence length, [CLS] and [SEP] included (longer texts are truncated).", DefaultValueFactory = _ => 128 };
        maxLength.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 2 or > 100_000) r.AddError("--max-length must be between 2 and 100000.");
        });
        var padToMax = new Option<bool>("--pad-to-max") { Description = "Pad with [PAD] to --max-length (default: no padding for one text)." };
        var cased = new Option<bool>("--cased") { Description = "Keep case and accents (cased checkpoints); default: tokenizer_config.json's do_lower_case, else uncased." };
        var json = new Option<bool>("--json") { Description = "Print input_ids, attention_mask, token_type_ids and tokens as one JSON object." };
        var command = new Command("tokenize", "Show the BERT WordPiece ids, attention mask and tokens of a text.")
        {
            vocab, text, maxLength, padToMax, cased, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var vocabPath = parse.GetRequiredValue(vocab);
            BertTextTokenizer tokenizer;
            try
            {
                tokenizer = BertTextTokenizer.Create(vocabPath, parse.GetValue(cased) ? false : null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or JsonException)
            {
                await console.Error.WriteLineAsync($"error: cannot read the vocabulary '{vocabPath}': {e.Message}");
                return 1;
            }
            logger.LogInformation("Vocabulary {Path}: {Size} tokens, {Case}", vocabPath, tokenizer.VocabularySize,
                tokenizer.LowerCase ? "uncased (lower-case, accents stripped)" : "cased");

            var encoding = tokenizer.Encode([parse.GetValue(text) ?? ""], parse.GetValue(maxLength),
                parse.GetValue(padToMax) ? PaddingMode.MaxLength : PaddingMode.Longest);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    InputIds = encoding.InputIds[0],
                    AttentionMask = encoding.AttentionMask[0],
                    TokenTypeIds = encoding.TokenTypeIds[0],
                    Tokens = encoding.Tokens[0],
                }));
                return 0;
            }
            await console.Out.WriteLineAsync($"input_ids:      [{string.Join(", ", encoding.InputIds[0])}]");
            await console.Out.WriteLineAsync($"attention_mask: [{string.Join(", ", encoding.AttentionMask[0])}]");
            await console.Out.WriteLineAsync($"token_type_ids: [{string.Join(", ", encoding.TokenTypeIds[0])}]");
            await console.Out.WriteLineAsync($"tokens:         [{string.Join(", ", encoding.Tokens[0])}]");
            return 0;
        });
        return command;
    }
}
