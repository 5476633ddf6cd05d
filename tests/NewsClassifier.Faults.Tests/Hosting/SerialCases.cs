// Every case starts, kills and restarts its own processes and times them (epochs of a second or two): run one at a time
// so that two cases never compete for the CI machine's two cores and a kill lands where the case means it to.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
