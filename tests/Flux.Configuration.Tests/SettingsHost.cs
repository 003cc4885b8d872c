using System.Reflection;
using System.Runtime.ExceptionServices;
using Flux.Connectors;
using Flux.Gateway;
using Flux.Gateway.Configuration;
using Flux.Gateway.Hosting;
using Flux.Grains.Interfaces;
using Flux.Silo.Hosting;
using Flux.Storage;
using Flux.Storage.JetStream;
using Flux.Storage.Postgres;
using Flux.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Flux.Configuration.Tests;

/// <summary>Options as the server resolves them: its own registrations, over the given configuration.</summary>
internal static class SettingsHost
{
    /// <summary>Every options class of the server: a class with a property named by a variable.</summary>
    public static readonly IReadOnlyList<Type> OptionsTypes =
        new[]
        {
            typeof(ApiOptions).Assembly, typeof(RetentionOptions).Assembly, typeof(EmbeddedStorageOptions).Assembly,
            typeof(GrainOptions).Assembly, typeof(JetStreamOptions).Assembly, typeof(PostgresStorageOptions).Assembly,
            typeof(ConnectorOptions).Assembly, typeof(RuntimeLimits).Assembly,
        }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => Settings.Keys(type).Any())
            .ToList();

    /// <summary>
    /// The services of each kind of Flux process, registered by the processes' own code: the embedded server,
    /// a cluster silo and a cluster gateway. The cluster's two variables get placeholders unless given.
    /// </summary>
    public static IReadOnlyList<ServiceProvider> Processes(IConfiguration configuration)
    {
        var embedded = new ServiceCollection().AddSingleton(configuration);
        embedded.AddFluxGateway();
        embedded.AddEmbeddedStorage();
        embedded.AddOrleans(silo => silo.UseEmbeddedSilo());
        return [embedded.BuildServiceProvider(), Cluster(configuration, b => b.AddClusterSilo()), Cluster(configuration, b => b.AddClusterGateway())];
    }

    private static ServiceProvider Cluster(IConfiguration configuration, Action<WebApplicationBuilder> add)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Profiles.NatsUrlVariable] = "nats://127.0.0.1:4222",
            [Profiles.PostgresVariable] = "Host=127.0.0.1;Username=postgres;Database=postgres",
        });
        builder.Configuration.AddConfiguration(configuration);
        add(builder);
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>The first process that reads <paramref name="optionsType"/>.</summary>
    public static ServiceProvider Reading(IReadOnlyList<ServiceProvider> processes, Type optionsType) =>
        processes.First(process => process.GetServices(typeof(IConfigureOptions<>).MakeGenericType(optionsType)).Any());

    public static IConfiguration Variables(params (string Name, string Value)[] variables) =>
        new ConfigurationBuilder().AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Name, (string?)v.Value))).Build();

    public static T Resolve<T>(params (string Name, string Value)[] variables) where T : class => Resolve<T>(Variables(variables));

    public static T Resolve<T>(IConfiguration configuration) where T : class
    {
        var processes = Processes(configuration);
        try
        {
            return (T)Value(Reading(processes, typeof(T)), typeof(T));
        }
        finally
        {
            foreach (var process in processes)
                process.Dispose();
        }
    }

    /// <summary>The options of <paramref name="optionsType"/>, bound and validated; a refusal is thrown as itself.</summary>
    public static object Value(IServiceProvider provider, Type optionsType)
    {
        var options = typeof(IOptions<>).MakeGenericType(optionsType);
        try
        {
            return options.GetProperty("Value")!.GetValue(provider.GetRequiredService(options))!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    /// <summary>What stops start-up when <paramref name="name"/> is <paramref name="value"/>: a value of the wrong kind, or one a validator refuses.</summary>
    public static string Refusal(string name, string value)
    {
        var optionsType = OptionsTypes.Single(type => Settings.Keys(type).Contains(name));
        var processes = Processes(Variables((name, value)));
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => Value(Reading(processes, optionsType), optionsType));
            Assert.True(error is ConfigurationException or OptionsValidationException, error.ToString());
            return error.Message;
        }
        finally
        {
            foreach (var process in processes)
                process.Dispose();
        }
    }
}
