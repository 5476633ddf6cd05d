using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NewsClassifier.ML.Text;

/// <summary>
/// Keras <c>TextVectorization</c> with its defaults (<c>lower_and_strip_punctuation</c>, whitespace split):
/// index 0 is padding, 1 is out-of-vocabulary, then the most frequent training tokens.
/// Ties in frequency are broken by first appearance in the training texts, so adapting the same texts
/// in the same order always gives the same vocabulary.
/// Lower-casing is Unicode-aware (<see cref="string.ToLowerInvariant"/>), where TensorFlow's only folds ASCII;
/// that keeps "École" and "école" one token, which is what a reader expects.
/// </summary>
public sealed partial class TextVectorizer
{
    public const int PaddingId = 0;
    public const int OovId = 1;
    public const string PaddingToken = "";
    public const string OovToken = "[UNK]";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly BytePairEncoding? _subwords;

    // Keras DEFAULT_STRIP_REGEX: r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
    [GeneratedRegex("""[!"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~']""", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();

    private TextVectorizer(string[] tokens, BytePairEncoding? subwords = null)
    {
        _subwords = subwords;
        if (tokens.Length < 2 || tokens[PaddingId] != PaddingToken || tokens[OovId] != OovToken)
            throw new ArgumentException("A vocabulary starts with the padding token \"\" and the OOV token \"[UNK]\".", nameof(tokens));
        _tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 2; i < tokens.Length; i++)
        {
            if (!_ids.TryAdd(tokens[i], i))
                throw new ArgumentException($"Token '{tokens[i]}' appears twice in the vocabulary.", nameof(tokens));
        }
    }

    /// <summary>Vocabulary size including padding and OOV (Keras <c>vocabulary_size()</c>).</summary>
    public int VocabularySize => _tokens.Length;

    public IReadOnlyList<string> Vocabulary => _tokens;

    /// <summary>Whether the vocabulary holds <see cref="BytePairEncoding"/> pieces rather than whole words.</summary>
    public bool UsesSubwords => _subwords is not null;

    /// <summary>What the model sees of <paramref name="text"/>, one entry per id: its words, or their pieces.</summary>
    public IEnumerable<string> Tokens(string? text) => _subwords is null ? Tokenize(text) : Tokenize(text).SelectMany(_subwords.Split);

    /// <summary>
    /// Builds the vocabulary from training texts: at most <paramref name="maxTokens"/> entries including padding and OOV.
    /// With <paramref name="subwords"/> the entries are <see cref="BytePairEncoding"/> pieces learned from the same texts
    /// instead of whole words.
    /// </summary>
    public static TextVectorizer Adapt(IEnumerable<string> texts, int maxTokens, bool subwords = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (maxTokens < 3) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "max_tokens must be at least 3 (padding, OOV and one word).");

        var words = ByFrequency(texts.SelectMany(Tokenize));
        if (!subwords) return new TextVectorizer([PaddingToken, OovToken, .. words.Take(maxTokens - 2).Select(w => w.Token)]);

        var encoding = BytePairEncoding.Learn(words.Select(w => KeyValuePair.Create(w.Token, w.Count)), maxTokens - 2, cancellationToken: cancellationToken);
        var pieces = ByFrequency(words.SelectMany(w => encoding.Split(w.Token).Select(p => (p, w.Count))));
        return new TextVectorizer([PaddingToken, OovToken, .. pieces.Take(maxTokens - 2).Select(p => p.Token)], encoding);
    }

    /// <summary>Distinct tokens, most frequent first; ties broken by first appearance.</summary>
    private static List<(string Token, int Count)> ByFrequency(IEnumerable<string> tokens) => ByFrequency(tokens.Select(t => (t, 1)));

    private static List<(string Token, int Count)> ByFrequency(IEnumerable<(string Token, int Count)> tokens)
    {
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var (token, count) in tokens)
        {
            counts[token] = counts.TryGetValue(token, out var c) ? (c.Count + count, c.First) : (count, counts.Count);
        }
        return counts.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).Select(kv => (kv.Key, kv.Value.Count)).ToList();
    }

    public static TextVectorizer FromVocabulary(IEnumerable<string> vocabulary) => new([.. vocabulary]);

    /// <summary>Keras standardisation + split: lower-case, strip the default punctuation set, split on whitespace.</summary>
    public static IEnumerable<string> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        var cleaned = Punctuation().Replace(text.Normalize(NormalizationForm.FormC).ToLowerInvariant(), "");
        int start = -1;
        for (int i = 0; i <= cleaned.Length; i++)
        {
            bool space = i == cleaned.Length || char.IsWhiteSpace(cleaned[i]);
            if (space)
            {
                if (start >= 0) yield return cleaned[start..i];
                start = -1;
            }
            else if (start < 0)
            {
                start = i;
            }
        }
    }

    public int TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : OovId;

    public string IdToToken(long id) => id >= 0 && id < _tokens.Length ? _tokens[id] : OovToken;

    /// <summary>Token ids without padding, truncated to <paramref name="maxLength"/> (for length-bucketed batches).</summary>
    public long[] EncodeUnpadded(string? text, int maxLength, out bool truncated)
    {
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be positive.");
        var ids = new List<long>();
        truncated = false;
        foreach (var token in Tokens(text))
        {
            if (ids.Count == maxLength) { truncated = true; break; }
            ids.Add(TokenToId(token));
        }
        return [.. ids];
    }

    public long[] EncodeUnpadded(string? text, int maxLength) => EncodeUnpadded(text, maxLength, out _);

    /// <summary>Exactly <paramref name="maxLength"/> ids: truncated, then right-padded with 0 (Keras <c>output_sequence_length</c>).</summary>
    public long[] Encode(string? text, int maxLength)
    {
        var ids = EncodeUnpadded(text, maxLength);
        var padded = new long[maxLength];
        ids.CopyTo(padded, 0);
        return padded;
    }

    public void Save(string path)
    {
        var file = new VocabularyFile(_subwords is null ? FormatName : SubwordFormatName, _tokens.Skip(2).ToArray(),
            _subwords?.Merges.Select(m => new[] { m.Left, m.Right }).ToArray());
        File.WriteAllText(path, JsonSerializer.Serialize(file, JsonOptions), new UTF8Encoding(false));
    }

    public static TextVectorizer Load(string path)
    {
        var file = JsonSerializer.Deserialize<VocabularyFile>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (file.Tokens is null || file.Tokens.Any(t => t is null)) throw new InvalidDataException($"{path}: tokens must be a list of strings.");
        if (file.Format is not (FormatName or SubwordFormatName))
            throw new InvalidDataException($"{path} is not a {FormatName} or {SubwordFormatName} file (format '{file.Format}').");
        if (file.Format == SubwordFormatName && (file.Merges is null || file.Merges.Any(m => m is not [not null, not null])))
            throw new InvalidDataException($"{path}: merges must be a list of [left, right] pairs.");
        try
        {
            var subwords = file.Format == SubwordFormatName ? new BytePairEncoding(file.Merges!.Select(m => (m[0], m[1])).ToArray()) : null;
            return new TextVectorizer([PaddingToken, OovToken, .. file.Tokens], subwords);
        }
        catch (ArgumentException e) // a repeated token or merge, a merge that joins no continuation
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private const string FormatName = "keras-text-vectorization/v1";
    private const string SubwordFormatName = "newsclassifier-subword-vectorization/v1";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Keep non-ASCII tokens readable in the file instead of \uXXXX escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Padding and OOV are implied (ids 0 and 1); <c>Tokens[i]</c> has id i + 2. <c>Merges</c> only for subwords.</summary>
    private sealed record VocabularyFile(string Format, string[] Tokens, string[][]? Merges = null);
}
