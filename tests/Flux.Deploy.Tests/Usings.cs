global using Xunit;
global using Flux.Testing;
