using System.Reflection;
using System.Runtime.ExceptionServices;
using Flux.Gateway;
using Flux.Gateway.Configuration;
using Flux.Silo.Hosting;
using Flux.Storage;
using Flux.Storage.Sqlite;
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
        new[] { typeof(ApiOptions).Assembly, typeof(RetentionOptions).Assembly, typeof(EmbeddedStorageOptions).Assembly, typeof(GrainOptions).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => Settings.Keys(type).Any())
            .ToList();

    /// <summary>The server's registrations: the gateway, the embedded store and the embedded silo.</summary>
    public static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddFluxGateway();
        services.AddEmbeddedStorage();
        services.AddOrleans(silo => silo.UseEmbeddedSilo());
        return services.BuildServiceProvider();
    }

    public static IConfiguration Variables(params (string Name, string Value)[] variables) =>
        new ConfigurationBuilder().AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Name, (string?)v.Value))).Build();

    public static T Resolve<T>(params (string Name, string Value)[] variables) where T : class => Resolve<T>(Variables(variables));

    public static T Resolve<T>(IConfiguration configuration) where T : class
    {
        using var provider = Services(configuration);
        return provider.GetRequiredService<IOptions<T>>().Value;
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
        using var provider = Services(Variables((name, value)));
        var error = Assert.ThrowsAny<Exception>(() => Value(provider, optionsType));
        Assert.True(error is ConfigurationException or OptionsValidationException, error.ToString());
        return error.Message;
    }
}
