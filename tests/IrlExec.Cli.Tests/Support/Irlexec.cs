using System.Diagnostics;
using System.Text;
using System.Text.Json;
using IrlExec.Cli.Output;

namespace IrlExec.Cli.Tests.Support;

/// <summary>What one irlexec invocation printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs irlexec in-process (the real parser and handlers, output captured) or as a real child process.</summary>
internal static class Irlexec
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    /// <summary>Runs irlexec in-process with <paramref name="input"/> as its standard input.</summary>
    public static async Task<CliResult> RunWithInputAsync(string input, params string[] args) => await RunAsync(args, CancellationToken.None, input: new StringReader(input));

    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken, TextWriter? output = null, TextReader? input = null)
    {
        var captured = output ?? new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApp.InvokeAsync(args, new CliConsole(captured, error, rich: false, input: input), cancellationToken);
        return new CliResult(exitCode, captured.ToString() ?? "", error.ToString());
    }

    /// <summary>Starts the built irlexec (<c>dotnet IrlExec.Cli.dll ...</c>) and waits for it.</summary>
    public static Task<CliResult> RunProcessAsync(params string[] args) => RunDllAsync(Paths.CliDll, args);

    /// <summary>Starts a built program (<c>dotnet &lt;dll&gt; ...</c>) and waits for it.</summary>
    public static Task<CliResult> RunDllAsync(string dll, params string[] args) => RunDllAsync(dll, args, input: null, environment: null);

    /// <summary>Starts the built irlexec with <paramref name="input"/> on its standard input and <paramref name="environment"/> added to its own.</summary>
    public static Task<CliResult> RunProcessAsync(string? input, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunDllAsync(Paths.CliDll, args, input, environment);

    private static async Task<CliResult> RunDllAsync(string dll, string[] args, string? input, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in args) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start irlexec");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>A TextWriter tests can read while a command is still writing to it (logs --follow).</summary>
internal sealed class SharedWriter : StringWriter
{
    private readonly object _gate = new();

    public override void Write(char value)
    {
        lock (_gate) base.Write(value);
    }

    public override void Write(string? value)
    {
        lock (_gate) base.Write(value);
    }

    public override void WriteLine(string? value)
    {
        lock (_gate) base.WriteLine(value);
    }

    public override string ToString()
    {
        lock (_gate) return base.ToString();
    }

    public override Encoding Encoding => Encoding.UTF8;
}
