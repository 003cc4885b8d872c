using System.Net.Sockets;
using Flux.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Hosting;

/// <summary>
/// Turns what stopped start-up into one line for stderr: the cause an operator can act on, never a stack
/// trace. Flux's own start-up errors (a bad setting, a data directory in use or unusable) already say what
/// to change; a port in use gets the settings that move it; anything else is named by its innermost cause.
/// </summary>
public static class StartupFailure
{
    public static string Describe(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            // Kestrel's AddressInUseException is an InvalidOperationException too; its wrapper names the address.
            if (e is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
                return $"{failure.Message.TrimEnd('.')}: stop the process using the port, or choose another with PORT or --urls";
            if (e is ConfigurationException or OptionsValidationException or InvalidOperationException)
                return e.Message;
        }

        var cause = failure.GetBaseException();
        return ReferenceEquals(cause, failure)
            ? $"{cause.GetType().Name}: {cause.Message}"
            : $"{failure.GetType().Name}: {failure.Message} ({cause.GetType().Name}: {cause.Message})";
    }
}
