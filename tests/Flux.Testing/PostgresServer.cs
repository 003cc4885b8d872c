using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Flux.Testing;

/// <summary>
/// A real, throwaway PostgreSQL: a fresh cluster (initdb) in a temp directory, listening only on 127.0.0.1 on a
/// free port, its unix socket inside the data directory. <see cref="StopAsync"/> (fast shutdown) or
/// <see cref="KillAsync"/> (SIGKILL, like a crash) then <see cref="StartAsync"/> restarts it on the same port and
/// data, so a test can prove what survives and how clients behave while it is down. Each test class should take
/// its own database (<see cref="CreateDatabaseAsync"/>). Dispose stops it and deletes the directory.
/// </summary>
/// <remarks>
/// The binaries are <c>FLUX_POSTGRES_BIN</c> when set, else the newest <c>/usr/lib/postgresql/*/bin</c> (Debian's
/// layout); scripts/test installs Debian's package when there is none. PostgreSQL refuses to run as root, so as
/// root the server runs as the <c>postgres</c> user (<c>runuser</c>), in a directory it owns under one every user
/// can traverse. Durability is off by default (<c>fsync=off</c>, <c>synchronous_commit=off</c>): tests about
/// behaviour do not need to pay for disk flushes. Pass <c>durable: true</c> for a test that measures them, and for
/// any test that expects commits to survive <see cref="KillAsync"/>: with asynchronous commit the last commits
/// are still in the server's WAL buffers (written every 200 ms), and SIGKILL loses them.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinaryDirectoryVariable = "FLUX_POSTGRES_BIN";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly string _binaries;
    private readonly bool _asServiceUser = Environment.UserName == "root";
    private bool _initialized;
    private bool _running;

    /// <param name="durable">Keep PostgreSQL's fsync and synchronous commit (its defaults) instead of turning them off.</param>
    /// <param name="binaryDirectory">The directory holding initdb, pg_ctl and postgres; by default <c>FLUX_POSTGRES_BIN</c> or the newest installed.</param>
    public PostgresServer(bool durable = false, string? binaryDirectory = null)
    {
        Durable = durable;
        _binaries = binaryDirectory ?? FindBinaries();
        Port = FreePort.Next();
        RootDirectory = Path.Combine(Path.GetTempPath(), "flux-pg-" + Guid.NewGuid().ToString("N"));
    }

    public bool Durable { get; }
    public int Port { get; }

    /// <summary>The temp directory holding the cluster; the data directory is <c>data</c> inside it.</summary>
    public string RootDirectory { get; }
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The maintenance database as superuser; tests should use a database of their own.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Creates the cluster on first use, starts the server and returns once it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_running) throw new InvalidOperationException("PostgreSQL is already running");
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
            _initialized = true;
        }

        // Several clusters of three processes, each with its connection pools, may share one server in a test run.
        var settings = $"-p {Port} -k {DataDirectory} -c listen_addresses=127.0.0.1 -c max_connections=500"
            + (Durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        // -w waits until the server accepts connections (pg_ctl polls it), bounded by -t.
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogPath, "-w", "-t", ReadyDeadline.TotalSeconds.ToString(CultureInfo.InvariantCulture), "-o", settings, "start"],
            cancellationToken);
        _running = true;
    }

    /// <summary>Stops the server with a fast shutdown (connections are closed, no waiting for clients).</summary>
    public async Task StopAsync()
    {
        if (!_running) return;
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);
        // Pooled connections to the stopped server are dead; a test reconnecting after a restart wants fresh ones.
        NpgsqlConnection.ClearAllPools();
        _running = false;
    }

    /// <summary>
    /// SIGKILLs the postmaster and its backends, as a crash or an OOM kill of the machine would: connections drop,
    /// new ones are refused until <see cref="StartAsync"/>, which then runs crash recovery on the same data.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_running) return;
        var postmaster = PostmasterId();
        var children = ChildrenOf(postmaster);
        foreach (var id in children.Prepend(postmaster))
        {
            try
            {
                using var process = Process.GetProcessById(id);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
            {
                // Already gone.
            }
        }

        var deadline = Stopwatch.StartNew();
        while (children.Prepend(postmaster).Any(IsAlive))
        {
            if (deadline.Elapsed > ReadyDeadline) throw new TimeoutException($"PostgreSQL process {postmaster} survived SIGKILL");
            await Task.Delay(10);
        }

        // Where nothing reaps orphans (PID 1 of some sandboxes does not), the killed postmaster stays a zombie, which
        // still answers kill(pid, 0): PostgreSQL would take its lock files for a live server's and refuse to start.
        File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
        foreach (var socketLock in Directory.GetFiles(DataDirectory, ".s.PGSQL.*.lock")) File.Delete(socketLock);
        NpgsqlConnection.ClearAllPools();
        _running = false;
    }

    /// <summary>Creates a database and returns its connection string (Npgsql's format).</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            await KillAsync();
        }

        if (Directory.Exists(RootDirectory)) Directory.Delete(RootDirectory, recursive: true);
    }

    private string LogPath => Path.Combine(RootDirectory, "server.log");

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Database = database,
    }.ConnectionString;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Every parent of the data directory must be traversable by the service user; the root is ours, mode 755.
        Directory.CreateDirectory(DataDirectory);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("PostgresServer runs PostgreSQL on Linux");
        File.SetUnixFileMode(RootDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (_asServiceUser)
        {
            await RunProcessAsync("chown", [$"{ServiceUser}:{ServiceUser}", RootDirectory, DataDirectory], cancellationToken);
        }

        await RunAsync("initdb", ["-D", DataDirectory, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
    }

    /// <summary>Runs one of the PostgreSQL binaries, as the service user when we are root.</summary>
    private Task RunAsync(string binary, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binaries, binary);
        return _asServiceUser
            ? RunProcessAsync("runuser", ["-u", ServiceUser, "--", path, .. arguments], cancellationToken)
            : RunProcessAsync(path, arguments, cancellationToken);
    }

    private async Task RunProcessAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(20)) : "";
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}{await stderr}\n{log}");
        }
    }

    private int PostmasterId()
    {
        // The first line of postmaster.pid is the postmaster's process id.
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        return int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
    }

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id)) continue;
            try
            {
                // /proc/<id>/stat: "id (name) state ppid ..."; the name may contain spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent) children.Add(id);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }

    private static bool IsAlive(int id)
    {
        // A killed child stays a zombie until the postmaster (dead too) is reaped; count zombies as gone.
        var stat = Path.Combine("/proc", id.ToString(CultureInfo.InvariantCulture), "stat");
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable(BinaryDirectoryVariable) is { Length: > 0 } configured) return configured;
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(version => File.Exists(Path.Combine(version, "bin", "initdb")))
                .OrderBy(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
                .LastOrDefault()
            : null;
        return installed is null
            ? throw new InvalidOperationException(
                $"PostgreSQL not found: set {BinaryDirectoryVariable} to the directory holding initdb and pg_ctl, or install " +
                "Debian's postgresql package; scripts/test installs it.")
            : Path.Combine(installed, "bin");
    }
}
