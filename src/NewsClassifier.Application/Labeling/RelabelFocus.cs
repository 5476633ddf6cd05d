namespace NewsClassifier.Application.Labeling;

/// <summary>Which gold articles the relabel mode walks: all, those the production model disagrees with, or those with
/// an open likely-label-error review item.</summary>
public enum RelabelFocus { All, ModelDisagrees, LikelyError }
