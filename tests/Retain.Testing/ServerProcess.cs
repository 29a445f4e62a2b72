using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Retain.Testing;

/// <summary>
/// The real <c>retain serve</c> executable in a separate OS process, for tests that must kill a server the hard way
/// (SIGKILL: no shutdown hooks, no flushing, exactly what a crash or the OOM killer does) or run several servers on one
/// database. It listens on a free loopback port, is ready once <c>/health</c> answers 200, and restarts on the same
/// database, port and settings.
/// </summary>
/// <remarks>
/// The server is <c>src/Retain.Server/bin/&lt;Configuration&gt;/net10.0/retain.dll</c> of this checkout (the
/// configuration is the test's own), run with <c>dotnet</c>; <c>RETAIN_SERVER_DLL</c> names another. A test project
/// using this should reference <c>Retain.Server</c> so that building the tests builds the server. Settings go in as
/// environment variables (<c>Retain:Api:MaxBatchSize</c> → <c>Retain__Api__MaxBatchSize</c>); the background scoring
/// job is off unless a test sets <c>Retain:Scores:Enabled</c>.
/// </remarks>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Dictionary<string, string?> _settings;
    private readonly Lock _outputLock = new();
    private readonly Queue<string> _output = new();
    private Process? _process;

    private ServerProcess(string database, IReadOnlyDictionary<string, string?>? settings)
    {
        Database = database;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Retain:Scores:Enabled"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    /// <summary>The database given at start: a SQLite file path or a PostgreSQL connection string.</summary>
    public string Database { get; }

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The operating-system process id of the running server.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the server printed (stdout and stderr), for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_outputLock)
                return string.Join('\n', _output);
        }
    }

    /// <summary>Starts <c>retain serve --db <paramref name="database"/></c> on a free port and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(string database, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var server = new ServerProcess(database, settings) { Port = FreePort() };
        await server.LaunchAsync(cancellationToken);
        return server;
    }

    /// <summary>Ends the server at once with SIGKILL and waits until the process is gone.</summary>
    public void Kill()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: false); // SIGKILL on Linux: nothing in the server runs after this
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same database and port (after <see cref="Kill"/>, or killing it first).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        await LaunchAsync(cancellationToken);
    }

    /// <summary>A client for this server, sending <paramref name="token"/> as a bearer token when given.</summary>
    public HttpClient CreateClient(string? token = null, int maxConnections = 16)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs another verb of the same executable on the same database (<c>retain apikey create …</c>); returns its stdout.</summary>
    public async Task<string> RunCliAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var psi = NewStartInfo([.. arguments, "--db", Database]);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start retain");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"retain {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        return await stdout;
    }

    /// <summary>Creates an API key with <c>retain apikey create</c> and returns its token.</summary>
    public async Task<string> CreateApiKeyAsync(string scopes = "admin", CancellationToken cancellationToken = default)
    {
        var output = await RunCliAsync(["apikey", "create", "--name", "test", "--scopes", scopes], cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        lock (_outputLock)
            _output.Clear();
        var psi = NewStartInfo(["serve", "--db", Database, "--urls", $"http://127.0.0.1:{Port}"]);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start retain serve");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync(process, cancellationToken);
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"retain serve exited with {process.ExitCode} before it was ready:\n{RecentOutput}");
            try
            {
                using var response = await probe.GetAsync("health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet (or migrating the database).
            }
            await Task.Delay(100, cancellationToken);
        }
        Kill();
        throw new TimeoutException($"retain serve was not ready within {StartTimeout.TotalSeconds} s:\n{RecentOutput}");
    }

    private ProcessStartInfo NewStartInfo(IEnumerable<string> arguments)
    {
        var dll = ServerDll();
        var psi = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        // The test runner's own environment must not leak in (an ASPNETCORE_URLS would override --urls).
        psi.Environment.Remove("ASPNETCORE_URLS");
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in _settings)
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return psi;
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > 200)
                _output.Dequeue();
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The built server of this checkout, in the test's own configuration (Release or Debug).</summary>
    public static string ServerDll()
    {
        if (Environment.GetEnvironmentVariable("RETAIN_SERVER_DLL") is { Length: > 0 } fromEnv)
            return File.Exists(fromEnv) ? fromEnv : throw new FileNotFoundException($"RETAIN_SERVER_DLL={fromEnv} does not exist");
        var baseDirectory = AppContext.BaseDirectory;
        var configuration = baseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Retain.slnx")))
                continue;
            var dll = Path.Combine(dir.FullName, "src", "Retain.Server", "bin", configuration, "net10.0", "retain.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first: {dll} does not exist");
        }
        throw new FileNotFoundException($"No Retain.slnx above {baseDirectory}; set RETAIN_SERVER_DLL to the built retain.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
