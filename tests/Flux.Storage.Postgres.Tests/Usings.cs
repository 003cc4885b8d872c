global using Flux.Testing;
global using Xunit;
