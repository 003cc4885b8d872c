using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Flux.Storage.Postgres;

/// <summary>Where the cluster profile keeps membership, snapshots, the entity index and namespaces.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Port=5432;Username=flux;Password=…;Database=flux</c>.</summary>
    [ConfigurationKeyName("FLUX_POSTGRES")]
    public string ConnectionString { get; set; } = "";
}

/// <summary>A blank or unparsable connection string, or one without a host or database, stops start-up.</summary>
public sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            return ValidateOptionsResult.Fail("FLUX_POSTGRES is blank: give an Npgsql connection string (Host=…;Database=…;Username=…)");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The message names the bad keyword; the string itself may hold a password, so it is not repeated.
            return ValidateOptionsResult.Fail($"FLUX_POSTGRES is not an Npgsql connection string: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
            return ValidateOptionsResult.Fail("FLUX_POSTGRES names no Host");
        return string.IsNullOrWhiteSpace(builder.Database)
            ? ValidateOptionsResult.Fail("FLUX_POSTGRES names no Database")
            : ValidateOptionsResult.Success;
    }
}
