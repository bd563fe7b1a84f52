using System.Security.Cryptography;
using System.Text;
using Paste.Domain.Pastes;
using Serilog.Core;
using Serilog.Events;

namespace Paste.Api.Logging;

/// <summary>
/// A paste's id is its read key: whoever reads a log line that holds one can read the paste. Every request path that
/// reaches the log, in the line per request and in the scope that the framework attaches to every other line of the
/// request, has each id replaced by <c>{id:</c> and the first 12 hex digits of the id's SHA-256 <c>}</c>. The same id
/// always gives the same stand-in, on every instance and across restarts, so lines still correlate; an operator
/// computes it for a known id with <c>printf %s ID | sha256sum | cut -c1-12</c>.
/// </summary>
/// <remarks>
/// No key is needed: ids are 95 random bits, so about 2^47 ids share each 48-bit stand-in, and finding the one behind
/// a stand-in is as hard as guessing an id. A key would only stop an operator from computing the stand-in.
/// </remarks>
public sealed class PasteIdLogRedaction : ILogEventEnricher
{
    /// <summary>The property under which both Serilog's request logging and ASP.NET Core's request scope put the path.</summary>
    public const string RequestPathProperty = "RequestPath";

    private const int StandInHexDigits = 12;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue(RequestPathProperty, out var value)
            && value is ScalarValue { Value: string path }
            && Redact(path) is var redacted
            && !ReferenceEquals(redacted, path))
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty(RequestPathProperty, new ScalarValue(redacted)));
        }
    }

    /// <summary><paramref name="path"/> with every segment that is a paste id replaced by its stand-in; the same string when it holds none.</summary>
    public static string Redact(string path)
    {
        var segments = path.Split('/');
        var replaced = false;
        for (var i = 0; i < segments.Length; i++)
        {
            if (PasteId.IsWellFormed(segments[i]))
            {
                segments[i] = StandIn(segments[i]);
                replaced = true;
            }
        }

        return replaced ? string.Join('/', segments) : path;
    }

    /// <summary>What the log writes instead of <paramref name="id"/>: <c>{id:</c>, 12 hex digits of its SHA-256, <c>}</c>.</summary>
    public static string StandIn(string id) =>
        "{id:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..StandInHexDigits] + "}";
}
