using NewsClassifier.Cli;

// Headless access to the same services as the web app: newsclassifier <command> ... (see --help).
return await CliApp.RunAsync(args, Console.Out, Console.Error);
