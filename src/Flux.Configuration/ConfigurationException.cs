namespace Flux.Configuration;

/// <summary>A setting Flux cannot start with; the message names the variable or file line and what it accepts.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
