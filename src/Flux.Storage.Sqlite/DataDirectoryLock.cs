namespace Flux.Storage.Sqlite;

/// <summary>
/// An exclusive lock on the data directory for the life of the storage. Positions are assigned by the
/// one writer in memory, so a second process (or a second storage in this one) writing the same file
/// would fight over them; it is refused at start instead.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "flux.lock";

    private readonly FileStream _file;

    public DataDirectoryLock(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException(
                $"The data directory {dataDirectory} is in use by another Flux storage (lock file {path}).", exception);
        }
    }

    public void Dispose() => _file.Dispose();
}
