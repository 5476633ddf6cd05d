namespace NewsClassifier.Application.Accounts;

/// <summary>A request the administrator can correct (unknown user, weak password, last Admin...).</summary>
public sealed class AccountException(string message) : Exception(message);
