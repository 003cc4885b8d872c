using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Flux.Connectors.GitHub;

/// <summary>
/// GitHub's JSON objects as flat entities (the ids and properties are listed in docs/connectors.md). Only scalars are
/// copied: a nested object becomes one of its fields (<c>user</c> is <c>user.login</c>) or is left out.
/// </summary>
internal static class GitHubEntities
{
    public static ObservedEntity? Repository(JsonElement repository)
    {
        if (Text(repository, "full_name") is not { Length: > 0 } fullName)
            return null;
        return new ObservedEntity("github/repo/" + fullName, Flat(repository, static (writer, repository) =>
        {
            Copy(writer, repository, "name");
            Copy(writer, repository, "full_name");
            Copy(writer, repository, "private");
            Copy(writer, repository, "description");
            Copy(writer, repository, "language");
            Copy(writer, repository, "stargazers_count");
            Copy(writer, repository, "forks_count");
            Copy(writer, repository, "open_issues_count");
            Copy(writer, repository, "default_branch");
            Copy(writer, repository, "html_url", "url");
            Copy(writer, repository, "updated_at");
            Copy(writer, repository, "pushed_at");
            Copy(writer, repository, "archived");
        }));
    }

    /// <summary>An issue or a pull request: GitHub lists both as issues, a pull request with a <c>pull_request</c> key.</summary>
    public static ObservedEntity? Issue(JsonElement issue)
    {
        if (IssueRepository(issue) is not { Length: > 0 } repository
            || !issue.TryGetProperty("number", out var number) || !number.TryGetInt64(out var n))
            return null;
        var id = string.Create(CultureInfo.InvariantCulture, $"github/issue/{repository}#{n}");
        return new ObservedEntity(id, Flat((issue, repository), static (writer, item) =>
        {
            var (issue, repository) = item;
            Copy(writer, issue, "title");
            Copy(writer, issue, "state");
            Copy(writer, issue, "number");
            writer.WriteString("repository", repository);
            Copy(writer, issue, "html_url", "url");
            WriteText(writer, "user", issue.TryGetProperty("user", out var user) ? Text(user, "login") : null);
            Copy(writer, issue, "comments");
            writer.WriteString("labels", Labels(issue));
            Copy(writer, issue, "updated_at");
            writer.WriteBoolean("is_pull_request", issue.TryGetProperty("pull_request", out var pull) && pull.ValueKind != JsonValueKind.Null);
        }));
    }

    public static ObservedEntity? Notification(JsonElement notification)
    {
        if (Text(notification, "id") is not { Length: > 0 } id)
            return null;
        return new ObservedEntity("github/notification/" + id, Flat(notification, static (writer, notification) =>
        {
            Copy(writer, notification, "reason");
            Copy(writer, notification, "unread");
            var subject = notification.TryGetProperty("subject", out var s) ? s : default;
            WriteText(writer, "title", Text(subject, "title"));
            WriteText(writer, "type", Text(subject, "type"));
            WriteText(writer, "repository",
                notification.TryGetProperty("repository", out var repository) ? Text(repository, "full_name") : null);
            Copy(writer, notification, "updated_at");
        }));
    }

    /// <summary><c>repository.full_name</c>, which /issues includes; else the tail of <c>repository_url</c> (…/repos/acme/api).</summary>
    private static string? IssueRepository(JsonElement issue)
    {
        if (issue.TryGetProperty("repository", out var repository) && Text(repository, "full_name") is { Length: > 0 } fullName)
            return fullName;
        if (Text(issue, "repository_url") is not { } url)
            return null;
        var at = url.LastIndexOf("/repos/", StringComparison.Ordinal);
        return at < 0 ? null : url[(at + "/repos/".Length)..];
    }

    private static string Labels(JsonElement issue)
    {
        if (!issue.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array)
            return "";
        var names = new List<string>();
        foreach (var label in labels.EnumerateArray())
        {
            // A label is an object with a name; older answers held bare strings.
            var name = label.ValueKind == JsonValueKind.String ? label.GetString() : Text(label, "name");
            if (!string.IsNullOrEmpty(name))
                names.Add(name);
        }

        return string.Join(',', names);
    }

    private static byte[] Flat<T>(T source, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer, source);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Copies a scalar field as it is (null included); an absent field or a nested value is left out.</summary>
    private static void Copy(Utf8JsonWriter writer, JsonElement source, string field, string? name = null)
    {
        if (source.ValueKind != JsonValueKind.Object || !source.TryGetProperty(field, out var value))
            return;
        switch (value.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                writer.WritePropertyName(name ?? field);
                value.WriteTo(writer);
                break;
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }

    private static string? Text(JsonElement source, string field) =>
        source.ValueKind == JsonValueKind.Object && source.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
