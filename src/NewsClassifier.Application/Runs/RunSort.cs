namespace NewsClassifier.Application.Runs;

public enum RunSort { Id, Created, Recipe, Dataset, State, Accuracy, MacroF1, Duration }
