namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>Where the word embeddings start: Keras' uniform(-0.05, 0.05), or <see cref="LsaEmbedding"/> vectors of the training articles.</summary>
public enum EmbeddingInit { Random, Lsa }
