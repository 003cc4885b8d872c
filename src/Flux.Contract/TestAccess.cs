using System.Runtime.CompilerServices;

// Lets the contract tests seed EventIdGenerator to exercise its counter carry.
[assembly: InternalsVisibleTo("Flux.Contract.Tests")]
