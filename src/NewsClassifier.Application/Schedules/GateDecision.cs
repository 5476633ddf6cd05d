namespace NewsClassifier.Application.Schedules;

/// <summary>What the promotion gate concluded, with the numbers behind it.</summary>
/// <param name="Passed">The challenger may replace the champion (or become the first champion).</param>
/// <param name="Reason">One sentence a person reads in the history: every check that failed, or why it passed.</param>
/// <param name="ChampionOnly">Articles only the champion got right (McNemar's b).</param>
/// <param name="ChallengerOnly">Articles only the challenger got right (McNemar's c).</param>
public sealed record GateDecision(bool Passed, string Reason, EvaluationScore Challenger, EvaluationScore? Champion, double? PValue,
    int ChampionOnly, int ChallengerOnly);
