namespace Paste.Application.ServerFunctions;

public interface IServerFunctionRunner
{
    /// <summary>Runs an operator function with <paramref name="input"/> on its standard input; returns its standard output.</summary>
    /// <exception cref="ServerFunctionFailedException">It could not start, exited non-zero, ran too long or wrote too much.</exception>
    Task<string> RunAsync(string name, ServerFunctionSettings settings, string input, CancellationToken cancellationToken);
}
