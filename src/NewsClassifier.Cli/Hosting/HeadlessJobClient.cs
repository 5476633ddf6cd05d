using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace NewsClassifier.Cli.Hosting;

/// <summary>
/// The CLI trains in its own process (<c>train</c> calls the job directly) and runs no Hangfire server, so nothing
/// it does may queue a job: one would wait in memory for a worker that never comes. <see cref="NewsClassifier.Jobs.Training.TrainingQueue"/>
/// takes a job client for the web app's path; here any use of it is a bug, reported loudly.
/// </summary>
internal sealed class HeadlessJobClient : IBackgroundJobClient
{
    public string Create(Job job, IState state) =>
        throw new NotSupportedException("The command line runs jobs in-process and cannot queue background jobs.");

    public bool ChangeState(string jobId, IState state, string expectedState) =>
        throw new NotSupportedException("The command line has no background jobs to change.");
}
