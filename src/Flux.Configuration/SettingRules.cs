using Microsoft.Extensions.Options;

namespace Flux.Configuration;

/// <summary>The range checks validators share, each failure one sentence naming the variable and what it accepts.</summary>
public static class SettingRules
{
    /// <summary>The longest interval a seconds setting may be: a day.</summary>
    public const double MaxSeconds = 86_400;

    public static ValidateOptionsResultBuilder WholeNumber(this ValidateOptionsResultBuilder result, string key, long value, long min, long max = long.MaxValue)
    {
        if (value < min || value > max)
            result.AddError(max == long.MaxValue
                ? $"{key}='{value}' is not a whole number of at least {min}"
                : $"{key}='{value}' is not a whole number from {min} to {max}");
        return result;
    }

    public static ValidateOptionsResultBuilder Seconds(this ValidateOptionsResultBuilder result, string key, double value)
    {
        if (!(value > 0) || value > MaxSeconds)
            result.AddError($"{key}='{value}' is not a positive number of seconds (at most {MaxSeconds})");
        return result;
    }

    public static ValidateOptionsResultBuilder HttpUrl(this ValidateOptionsResultBuilder result, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            result.AddError($"{key}='{value}' is not an absolute http:// or https:// address");
        return result;
    }
}
