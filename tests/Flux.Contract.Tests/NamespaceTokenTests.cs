using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Flux.Contract;

namespace Flux.Contract.Tests;

public class NamespaceTokenTests
{
    [Fact]
    public void tokens_are_lowercase_uuid_v4()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => NamespaceToken.NewToken()).ToList();
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", t));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public void hash_is_sha256_of_the_utf8_text()
    {
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("tøken")), NamespaceToken.Hash("tøken"));
    }

    [Fact]
    public void a_token_matches_its_hash_and_nothing_else()
    {
        var token = NamespaceToken.NewToken();
        var hash = NamespaceToken.Hash(token);
        Assert.True(NamespaceToken.Matches(token, hash));
        Assert.False(NamespaceToken.Matches(token.ToUpperInvariant(), hash));
        Assert.False(NamespaceToken.Matches(token + " ", hash));
        Assert.False(NamespaceToken.Matches("", hash));
        Assert.False(NamespaceToken.Matches(NamespaceToken.NewToken(), hash));
    }

    [Fact]
    public void long_presented_tokens_are_hashed_too()
    {
        var token = new string('x', 5000);
        Assert.True(NamespaceToken.Matches(token, NamespaceToken.Hash(token)));
    }

    [Fact]
    public void a_stored_hash_of_the_wrong_length_never_matches() =>
        Assert.False(NamespaceToken.Matches("abc", NamespaceToken.Hash("abc")[..16]));

    [Fact]
    public void namespace_ids_are_ns_and_eight_base36_chars()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => NamespaceToken.NewNamespaceId()).ToList();
        Assert.All(ids, id => Assert.Matches(new Regex("^ns_[0-9a-z]{8}$"), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Every character of the alphabet shows up in 4000 draws: the id is not hex or digits only.
        Assert.Equal(36, ids.SelectMany(id => id[3..]).Distinct().Count());
    }
}
