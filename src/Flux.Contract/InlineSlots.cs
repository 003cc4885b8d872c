using System.Runtime.CompilerServices;

namespace Flux.Contract;

/// <summary>A few values kept on the stack, so the common small patch needs no pooled array.</summary>
[InlineArray(Capacity)]
internal struct InlineSlots<T>
{
    public const int Capacity = 8;

    private T _first;
}
