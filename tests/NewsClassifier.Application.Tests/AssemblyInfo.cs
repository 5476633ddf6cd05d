// Hangfire keeps global state (log provider, JobStorage.Current) per process: the hosts that these tests start must
// not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
