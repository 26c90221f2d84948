using RepoOrchestrator.Cli;

return await OrchestratorCommandLine.RunAsync(args);
