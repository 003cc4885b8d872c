global using Flux.Testing;
global using Microsoft.Playwright;
global using Xunit;
