namespace Paste.Application.ServerFunctions;

/// <summary>The operator functions running now, counted per client and per function, so that each count can be bounded.</summary>
public interface IServerFunctionRunSlots
{
    /// <summary>
    /// A slot for one run of <paramref name="functionName"/> for <paramref name="client"/>, held until disposed; null when
    /// the client already has <paramref name="maxPerClient"/> runs going, or the function <paramref name="maxPerFunction"/>.
    /// </summary>
    IDisposable? TryTake(string client, int maxPerClient, string functionName, int maxPerFunction);
}
