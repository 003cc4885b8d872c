using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Flux.Deploy.Tests;

/// <summary>A YAML value as read without a schema: a mapping, a sequence, a scalar's text, or nothing.</summary>
public readonly record struct Node(object? Value)
{
    public Node this[string key] =>
        Value is IDictionary<object, object> map && map.TryGetValue(key, out var value) ? new Node(value) : default;

    public bool Exists => Value is not null;

    public string? Text => Value as string;

    public IEnumerable<Node> Items => Value is IList<object> list ? list.Select(item => new Node(item)) : [];

    public IEnumerable<KeyValuePair<string, Node>> Entries => Value is IDictionary<object, object> map
        ? map.Select(entry => KeyValuePair.Create((string)entry.Key, new Node(entry.Value)))
        : [];

    /// <summary>A mapping of scalars, such as labels or a selector.</summary>
    public IReadOnlyDictionary<string, string> Strings => Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Text ?? "");

    public static IReadOnlyList<Node> ReadAll(string text)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new MergingParser(new Parser(new StringReader(text)));
        parser.Consume<StreamStart>();
        var documents = new List<Node>();
        while (parser.Accept<DocumentStart>(out _))
            documents.Add(new Node(deserializer.Deserialize<object?>(parser)));
        return documents;
    }
}
