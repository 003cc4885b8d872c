namespace Flux.Storage;

/// <summary>
/// Which entities a listing, a count, a batch delete or a namespace's entity count selects
/// (docs/api.md §6.4, §6.7): the one selection rule, matched here and by every index.
/// <list type="bullet">
/// <item><see cref="Prefix"/>: ids starting with it (ordinal, case-sensitive). Null or empty selects every id.</item>
/// <item><see cref="Namespace"/>: ids whose namespace, the text before the first <c>/</c>, equals it exactly, that is ids
/// starting with <c>&lt;namespace&gt;/</c>. Null selects every id; empty is a real value and selects ids starting with
/// <c>/</c>; a value containing <c>/</c> is no namespace of any id and selects nothing.</item>
/// </list>
/// Both given: ids matching both.
/// </summary>
public sealed record EntityFilter(string? Prefix = null, string? Namespace = null)
{
    public static EntityFilter All { get; } = new();

    /// <summary>The prefix a namespace filter stands for (<c>&lt;namespace&gt;/</c>), or null without a namespace filter.</summary>
    public string? NamespacePrefix => Namespace is null ? null : Namespace + "/";

    /// <summary>True when no id can match, whatever the store holds.</summary>
    public bool SelectsNothing => Namespace is not null && Namespace.Contains('/', StringComparison.Ordinal);

    public bool Matches(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return !SelectsNothing
            && (string.IsNullOrEmpty(Prefix) || id.StartsWith(Prefix, StringComparison.Ordinal))
            && (NamespacePrefix is not { } ns || id.StartsWith(ns, StringComparison.Ordinal));
    }
}
