using System.Net;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Hosting;

/// <summary>Builds and runs the web service.</summary>
public static class OrchestratorApplication
{
    public static WebApplication Build(string[] args)
    {
        // The slim builder: the same configuration sources and console logging, without the IIS, QUIC/HTTPS and
        // hosting-startup plumbing this loopback HTTP service never uses (a few MiB less resident: bench/RESULTS.md).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddOrchestrator();
        // Run as a systemd unit (Type=notify, journal-friendly logs) or a Windows service when started by
        // one; both do nothing when the process was started any other way.
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<OrchestratorOptions>>().Value;
            var address = string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                ? IPAddress.Loopback
                : IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.UseOrchestrator();
        return app;
    }

    /// <summary>Runs the service; a bad configuration ends it with one line naming the variable, exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {ex.Failures.FirstOrDefault() ?? ex.Message}");
            return 2;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"Cannot listen: {ex.Message} (set ORCH_HOST / ORCH_PORT, or stop the process holding the port).");
            return 2;
        }
    }
}
