using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Retain.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the test process (Debian's postgresql package, see RECIPES.md): started on first
/// use on a free loopback port in a temporary directory, stopped when the process exits. Each test asks for a fresh
/// database of its own, so tests never see each other's rows.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer?>> Shared = new(StartAsync);
    private static int _databaseCounter;

    private readonly string _root;
    private readonly string _binDir;

    private PostgresServer(string root, string binDir, int port)
    {
        _root = root;
        _binDir = binDir;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>
    /// Creates a new empty database and returns its connection string; skips the test when PostgreSQL is not
    /// installed (fails it under RETAIN_REQUIRE_ALL).
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var server = await Shared.Value;
        if (server is null)
        {
            Requirements.Unavailable("PostgreSQL server binaries not found (apt-get install -y postgresql, or set RETAIN_PG_BIN)");
            throw new InvalidOperationException("unreachable");
        }
        var name = $"{prefix ?? "t"}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}".ToLowerInvariant();
        await using (var conn = new NpgsqlConnection(server.AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return $"Host=127.0.0.1;Port={server.Port};Username=postgres;Database={name}";
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections. Tests that write a lot call
    /// it when done: the throwaway server then stops quickly at process exit, where a slow shutdown trips xunit's
    /// 10-second foreground-thread watchdog and fails an otherwise green run.
    /// </summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var pooled = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(pooled);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string? FindBinDir()
    {
        var fromEnv = Environment.GetEnvironmentVariable("RETAIN_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv))
            return File.Exists(Path.Combine(fromEnv, "initdb")) ? fromEnv : null;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return null;
        return Directory.GetDirectories(root)
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static async Task<PostgresServer?> StartAsync()
    {
        var bin = FindBinDir();
        if (bin is null)
            return null;
        var root = Directory.CreateTempSubdirectory("retain-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            Run("chown", $"postgres:postgres {root}", asRoot: false);
        var data = Path.Combine(root, "data");
        Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -A trust -E UTF8 --no-locale --no-sync", asRoot);
        var port = FreePort();
        Run(Path.Combine(bin, "pg_ctl"),
            $"-D {data} -l {Path.Combine(root, "log")} -w -t 60 -o \"-p {port} -k {root} -c listen_addresses=127.0.0.1 " +
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start", asRoot);
        var server = new PostgresServer(root, bin, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        await using var conn = new NpgsqlConnection(server.AdminConnectionString);
        await conn.OpenAsync();
        return server;
    }

    /// <summary>
    /// Stops the server and deletes its directory from a detached shell, without waiting: xunit gives the process
    /// 10 seconds to exit after the last test, and on a loaded machine an immediate stop plus deleting a data
    /// directory of many databases can take longer, failing a green run.
    /// </summary>
    private void Stop(bool asRoot)
    {
        var pgCtl = $"{Path.Combine(_binDir, "pg_ctl")} -D {Path.Combine(_root, "data")} -m immediate -w stop";
        var script = $"exec </dev/null >/dev/null 2>&1; {(asRoot ? "runuser -u postgres -- " : "")}{pgCtl}; rm -rf {_root}";
        try
        {
            using var process = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Best effort at exit: a leftover server in a temp directory is harmless on a throwaway machine.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool asRoot)
    {
        // initdb refuses to run as root; the data directory must belong to postgres.
        var psi = asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {stderr}{stdout.Result}");
    }
}
