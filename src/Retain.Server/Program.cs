using Retain.Server.Cli;

return await RetainCli.RunAsync(args);
