namespace NewsClassifier.ML.Training.Bert;

/// <summary>Optimiser of the BERT recipes: Keras Adam (<c>bert-frozen</c>, <c>bert-seqcls</c>) or AdamW with decoupled weight decay (<c>bert-finetune</c>).</summary>
public enum BertOptimizer { Adam, AdamW }
