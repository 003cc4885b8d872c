namespace Flux.Grains.Interfaces;

/// <summary>The namespace's answer to a request to write events.</summary>
/// <param name="Verdict">Whether the token may write here at all.</param>
/// <param name="Admitted">How many of the requested events the rate limit let through (the first ones).</param>
/// <param name="RetryAfterSeconds">When some were refused: seconds until a token is available, in [1, 60].</param>
[GenerateSerializer, Immutable, Alias("flux.WriteAdmission")]
public readonly record struct WriteAdmission([property: Id(0)] WriteVerdict Verdict, [property: Id(1)] int Admitted, [property: Id(2)] int RetryAfterSeconds);

[GenerateSerializer, Alias("flux.WriteVerdict")]
public enum WriteVerdict
{
    Allowed,
    NotRegistered,
    WrongToken,
}
