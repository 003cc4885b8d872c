global using Flux.Functional.Tests.Client;
global using Flux.Testing;
global using Xunit;
