using IrlExec.Cli;
using IrlExec.Cli.Output;

return await CliApp.InvokeAsync(args, CliConsole.System()).ConfigureAwait(false);
