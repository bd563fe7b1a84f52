using Paste.Cli;

return await PasteCommandLine.RunAsync(args, CliConsole.System);
