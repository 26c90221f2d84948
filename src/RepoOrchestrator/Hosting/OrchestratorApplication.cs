using System.Net;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.OAuth;

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
        // OAuth is decided from the configuration before the container is built: off registers nothing at all.
        var configured = OrchestratorOptionsBinder.Bind(builder.Configuration, Environment.CurrentDirectory);
        try
        {
            builder.Services.AddOrchestratorOAuth(OAuthSettings.From(configured), configured.OAuthFolder);
        }
        catch (OAuthKeyException damaged)
        {
            throw new StartupCheckException(damaged.Message, damaged); // one line naming the key file and the fix
        }
        HideStartFailureTrace(builder.Logging);
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

    /// <summary>
    /// The host logs a failed start with the exception's stack trace ("Hosting failed to start", an Error of this
    /// category); a start failure is reported as one line by <see cref="RunAsync"/> instead. Critical lines of the
    /// category (a background service stopping the host) still show.
    /// </summary>
    public static void HideStartFailureTrace(ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

    /// <summary>Runs the service; a bad configuration or home ends it with one line naming the cause and the fix, exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        NativeHeapSettings.Apply(); // before the JIT's first large scratch blocks
        try
        {
            var app = Build(args);
            // Before the host resolves anything else (a broken store would fail there, as a stack trace).
            await HomeStartupCheck.RunAsync(app.Services);
            await app.RunAsync();
            return 0;
        }
        catch (StorageFaultException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {ex.Detail}");
            return 2;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {ex.Failures.FirstOrDefault() ?? ex.Message}");
            return 2;
        }
        catch (StartupCheckException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {ex.Message}");
            return 2;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"Cannot listen: {ex.Message} (set ORCH_HOST / ORCH_PORT, or stop the process holding the port).");
            return 2;
        }
    }
}
