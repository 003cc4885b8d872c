namespace Flux.Grains.Interfaces;

/// <summary>The namespace's answer to a request to write events.</summary>
/// <param name="Verdict">Whether the token may write here at all.</param>
/// <param name="Admitted">How many of the requested events the rate limit let through (the first ones).</param>
/// <param name="RetryAfterSeconds">When some were refused: seconds until a token is available, in [1, 60].</param>
public readonly record struct WriteAdmission(WriteVerdict Verdict, int Admitted, int RetryAfterSeconds);

public enum WriteVerdict
{
    Allowed,
    NotRegistered,
    WrongToken,
}
