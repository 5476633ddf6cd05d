using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace NewsClassifier.ML.Text;

/// <summary>
/// Hugging Face <c>BertTokenizer</c> behaviour over <see cref="BertTokenizer"/> (Microsoft.ML.Tokenizers): basic
/// tokenization (punctuation split), lower-casing and accent stripping for uncased checkpoints ("naïve" -> "naive"),
/// WordPiece, then [CLS] ... [SEP], truncation to <c>maxLength</c> (special tokens included, [SEP] kept last),
/// padding with [PAD], attention mask and all-zero token type ids (single sequences).
/// Special token ids ([CLS], [SEP], [PAD], [UNK]) come from the vocabulary file.
/// </summary>
public sealed class BertTextTokenizer
{
    private readonly BertTokenizer _tokenizer;
    private readonly string[] _vocabulary;
    private Dictionary<string, int>? _ids;

    private BertTextTokenizer(BertTokenizer tokenizer, string[] vocabulary, bool lowerCase, bool stripAccents)
    {
        _tokenizer = tokenizer;
        _vocabulary = vocabulary;
        LowerCase = lowerCase;
        StripAccents = stripAccents;
    }

    public bool LowerCase { get; }
    public bool StripAccents { get; }
    public int VocabularySize => _vocabulary.Length;
    public int ClsId => _tokenizer.ClassificationTokenId;
    public int SepId => _tokenizer.SeparatorTokenId;
    public int PadId => _tokenizer.PaddingTokenId;
    public int UnkId => _tokenizer.UnknownTokenId;

    /// <summary>
    /// Loads <paramref name="vocabPath"/> (Hugging Face <c>vocab.txt</c>: one token a line, id = line number).
    /// <paramref name="lowerCase"/> null: <c>do_lower_case</c> of a <c>tokenizer_config.json</c> next to the vocabulary,
    /// else true (uncased). Accents are stripped when <c>strip_accents</c> says so, else whenever lower-casing (as in Hugging Face).
    /// </summary>
    public static BertTextTokenizer Create(string vocabPath, bool? lowerCase = null)
    {
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"Vocabulary file not found: {vocabPath}", vocabPath);
        var (configLower, configStrip) = ReadConfig(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(vocabPath))!, "tokenizer_config.json"));
        bool lower = lowerCase ?? configLower ?? true;
        bool strip = configStrip ?? lower;
        var tokenizer = BertTokenizer.Create(vocabPath, new BertOptions
        {
            LowerCaseBeforeTokenization = lower,
            RemoveNonSpacingMarks = strip,
            ApplyBasicTokenization = true,
            SplitOnSpecialTokens = true,
            IndividuallyTokenizeCjk = true,
        });
        var vocabulary = File.ReadAllLines(vocabPath).Select(l => l.TrimEnd('\r')).ToArray();
        return new BertTextTokenizer(tokenizer, vocabulary, lower, strip);
    }

    private static (bool? LowerCase, bool? StripAccents) ReadConfig(string path)
    {
        if (!File.Exists(path)) return (null, null);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        static bool? Flag(JsonElement root, string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        return (Flag(doc.RootElement, "do_lower_case"), Flag(doc.RootElement, "strip_accents"));
    }

    /// <summary>The id of a token of the vocabulary, or null.</summary>
    public int? IdOf(string token)
    {
        if (_ids is null)
        {
            var ids = new Dictionary<string, int>(_vocabulary.Length, StringComparer.Ordinal);
            for (int i = 0; i < _vocabulary.Length; i++) ids.TryAdd(_vocabulary[i], i);
            _ids = ids;
        }
        return _ids.TryGetValue(token, out var id) ? id : null;
    }

    public string TokenOf(int id) => id >= 0 && id < _vocabulary.Length ? _vocabulary[id] : _tokenizer.UnknownToken;

    /// <summary>[CLS] word pieces [SEP], untruncated (Hugging Face <c>tokenizer.encode(text)</c>).</summary>
    public IReadOnlyList<int> EncodeToIds(string text) => [ClsId, .. WordPieces(text), SepId];

    private IReadOnlyList<int> WordPieces(string text) =>
        string.IsNullOrEmpty(text) ? [] : _tokenizer.EncodeToIds(text, addSpecialTokens: false);

    /// <summary>Encodes a batch; each row is [CLS] + at most <paramref name="maxLength"/> - 2 word pieces + [SEP], then [PAD]s.</summary>
    public BertEncoding Encode(IReadOnlyList<string> texts, int maxLength, PaddingMode padding = PaddingMode.Longest)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be at least 2 ([CLS] and [SEP]).");
        var rows = texts.Select(t =>
        {
            var pieces = WordPieces(t ?? "");
            return (IReadOnlyList<int>)[ClsId, .. pieces.Take(maxLength - 2), SepId];
        }).ToList();
        int length = padding == PaddingMode.MaxLength ? maxLength : rows.Count == 0 ? 0 : rows.Max(r => r.Count);

        var inputIds = new long[rows.Count][];
        var mask = new long[rows.Count][];
        var types = new long[rows.Count][];
        var tokens = new string[rows.Count][];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            inputIds[i] = new long[length];
            mask[i] = new long[length];
            types[i] = new long[length];
            tokens[i] = new string[length];
            for (int j = 0; j < length; j++)
            {
                bool real = j < row.Count;
                int id = real ? row[j] : PadId;
                inputIds[i][j] = id;
                mask[i][j] = real ? 1 : 0;
                tokens[i][j] = TokenOf(id);
            }
        }
        return new BertEncoding(inputIds, mask, types, tokens);
    }
}
