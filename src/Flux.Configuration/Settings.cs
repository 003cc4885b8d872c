using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Flux.Configuration;

/// <summary>
/// Flux's settings are flat variables with documented names (docs/api.md §14.1). An options class names each
/// one with <see cref="ConfigurationKeyNameAttribute"/> on a property, whose initializer is the default; its
/// <see cref="IValidateOptions{TOptions}"/> checks ranges at start-up. The values come from
/// <see cref="IConfiguration"/>: the TOML file, the environment and the command line (docs/architecture.md §2, settings).
/// </summary>
public static class Settings
{
    /// <summary>Binds <typeparamref name="TOptions"/> from configuration and validates it when the host starts.</summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Configure<IConfiguration>(Bind).ValidateOnStart();
    }

    /// <summary>
    /// Sets each setting that configuration gives a value; an empty value means unset, as an empty environment
    /// variable always has. A value of the wrong kind throws a <see cref="ConfigurationException"/> naming the
    /// variable and what it accepts. (ConfigurationBinder would refuse <c>1</c> or <c>yes</c> for a switch, and
    /// name a .NET type rather than what to write.)
    /// </summary>
    public static void Bind(object options, IConfiguration configuration)
    {
        foreach (var (key, property) in Of(options.GetType()))
        {
            var text = configuration[key];
            if (!string.IsNullOrEmpty(text))
                property.SetValue(options, Convert(key, text, property.PropertyType));
        }
    }

    /// <summary>The variables an options class reads.</summary>
    public static IEnumerable<string> Keys(Type optionsType) => Of(optionsType).Select(setting => setting.Key);

    private static IEnumerable<(string Key, PropertyInfo Property)> Of(Type optionsType) =>
        from property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        let name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()
        where name is not null
        select (name.Name, property);

    private static object Convert(string key, string text, Type type)
    {
        if (type == typeof(string))
            return text;
        if (type == typeof(bool))
            return Switch(key, text);
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text)!;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            var accepted = type == typeof(double) ? "a number" : "a whole number";
            throw new ConfigurationException($"{key}='{text}' is not {accepted}");
        }
    }

    /// <summary>
    /// true/false, 1/0, yes/no, on/off in any casing. Anything else stops start-up: the contract's "anything else
    /// is off" (§7.1, §14.1) let <c>FLUX_AUTH_ENABLED=enabled</c> leave a server open without a word.
    /// </summary>
    private static bool Switch(string key, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new ConfigurationException($"{key}='{text}' is not a switch: use true or false (also 1/0, yes/no, on/off)"),
    };
}
