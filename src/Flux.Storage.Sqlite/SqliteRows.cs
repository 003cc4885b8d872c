using System.Text;
using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>Column reads shared by the readers. Text is decoded from its stored bytes so embedded NULs survive.</summary>
internal static class SqliteRows
{
    public static string Text(SqliteDataReader reader, int ordinal) =>
        Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(ordinal));

    public static string? NullableText(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Text(reader, ordinal);

    public static DateTimeOffset Time(SqliteDataReader reader, int ordinal) => UnixMicroseconds.ToTime(reader.GetInt64(ordinal));

    public static byte[] Bytes(SqliteDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>Binds an id or name as TEXT, so it compares with the stored TEXT keys (a BLOB never equals TEXT).</summary>
    public static void AddText(SqliteCommand command, string name, string value) =>
        command.Parameters.Add(name, SqliteType.Text).Value = value;
}
