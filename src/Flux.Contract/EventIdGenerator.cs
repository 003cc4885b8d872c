using System.Security.Cryptography;

namespace Flux.Contract;

/// <summary>
/// Server event ids (docs/api.md §3.4): UUID version 7 (RFC 9562), canonical lowercase.
///
/// Ids from one generator are strictly increasing, also within one millisecond, across
/// threads and when the clock steps back. The 74 bits after the 48-bit millisecond timestamp
/// (rand_a and rand_b) act as one counter (RFC 9562 §6.2, method 2, "monotonic random"):
/// on a new millisecond they are reseeded randomly with the top bit clear, leaving at least
/// 2^73 increments of headroom; within the same millisecond (or when the clock goes back)
/// the previous value is incremented by one. Should the counter ever overflow, the
/// timestamp field moves one millisecond ahead, which the RFC allows.
/// Register one instance per process.
/// </summary>
public sealed class EventIdGenerator
{
    private const ulong RandBMask = (1UL << 62) - 1;
    private const ulong RandAMask = (1UL << 12) - 1;

    private readonly TimeProvider _time;
    private readonly Action<Span<byte>> _fillRandom;
    private readonly Lock _gate = new();
    private long _lastMs = long.MinValue;
    private ulong _randA; // 12 bits
    private ulong _randB; // 62 bits

    public EventIdGenerator(TimeProvider time)
        : this(time, RandomNumberGenerator.Fill)
    {
    }

    /// <summary>For tests that need to choose the random seed of a millisecond.</summary>
    internal EventIdGenerator(TimeProvider time, Action<Span<byte>> fillRandom)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(fillRandom);
        _time = time;
        _fillRandom = fillRandom;
    }

    /// <summary>A new id, greater (as a string and as a UUID) than every id this instance returned before.</summary>
    public string NewId()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long ms;
        ulong randA, randB;
        lock (_gate)
        {
            if (nowMs > _lastMs)
            {
                Span<byte> seed = stackalloc byte[10];
                _fillRandom(seed);
                _lastMs = nowMs;
                _randA = (((ulong)seed[0] << 8) | seed[1]) & (RandAMask >> 1);
                _randB = BitConverter.ToUInt64(seed[2..]) & RandBMask;
            }
            else if (++_randB > RandBMask)
            {
                _randB = 0;
                if (++_randA > RandAMask)
                {
                    _randA = 0;
                    _lastMs++;
                }
            }

            ms = _lastMs;
            randA = _randA;
            randB = _randB;
        }

        return Format(ms, randA, randB);
    }

    private static string Format(long unixMs, ulong randA, ulong randB)
    {
        Span<byte> bytes = stackalloc byte[16];
        var high = ((ulong)unixMs << 16) | 0x7000UL | randA;     // 48-bit ms, version 7, rand_a
        var low = (0b10UL << 62) | randB;                         // variant 10, rand_b
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
