using System.CommandLine;
using System.Net;
using IrlExec.Cli.Workflows;
using IrlExec.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec dashboard</c>: serves the IrlExec dashboard (read-only) for a root folder or a <c>--store</c> on the loopback
/// address only (127.0.0.1), until Ctrl+C. <c>--assembly</c> adds the workflows of a built assembly to the workflow pages
/// (their plans, and a SIMULATION from the page).
/// </summary>
internal static class DashboardCommand
{
    public const int DefaultPort = 5170;

    public static Command Create(HandlerFactory handlers)
    {
        var port = new Option<int>("--port") { Description = $"The port on 127.0.0.1 (default {DefaultPort}; 0 picks a free one).", DefaultValueFactory = _ => DefaultPort };
        var assembly = new Option<string?>("--assembly", "-a") { Description = "A .dll that declares workflows: their plans and simulations on the workflow pages." };
        var command = new Command("dashboard", "Serve the dashboard (executions, plans, costs, simulation; read-only) on 127.0.0.1 until Ctrl+C.");
        command.Options.Add(port);
        command.Options.Add(assembly);
        handlers.Set(command, (context, cancellationToken) => RunAsync(context, context.Value(port), context.Value(assembly), cancellationToken), StoreUse.Database);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, int port, string? assemblyPath, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535) throw CliException.Usage($"--port {port} is not a port (0-65535).");
        await using var database = context.Store is null ? null : context.OpenStore();
        var root = database is null ? context.RequireRoot().Root : null;
        var workflows = assemblyPath is null ? [] : WorkflowAssembly.Load(assemblyPath);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // Loopback only: the dashboard of a root on disk is for the person at this machine.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        // And for loopback names only: a web page whose host name was made to resolve to 127.0.0.1 (DNS rebinding) sends
        // its own name as Host, and is refused (400), so no other site's script can read the pages.
        builder.Services.AddHostFiltering(options => options.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"]);
        builder.Services.AddIrlExecDashboard(options =>
        {
            options.Store = database;
            options.Root = root;
            foreach (var workflow in workflows) options.Workflows.Add(workflow);
        });
        await using var app = builder.Build();
        app.UseHostFiltering();
        app.MapIrlExecDashboard("/");
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw CliException.Usage($"The dashboard cannot listen on 127.0.0.1:{port}: {e.Message} Pass another --port (0 picks a free one).");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await context.Console.Out.WriteLineAsync($"IrlExec dashboard for {(database is null ? root : "the --store database")}: {address}/ (Ctrl+C to stop)").ConfigureAwait(false);
        await context.Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop serving.
        }
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
