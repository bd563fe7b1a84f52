using System.Globalization;
using Paste.Testing;

namespace Paste.Bench;

/// <summary>
/// nginx (started as the tests start it, <see cref="Nginx"/>) on a free port of 127.0.0.1 in front of several
/// instances: round robin, keep-alive to each, no access log (a log line per request would be measured too).
/// </summary>
internal static class NginxBalancer
{
    public static async Task<ServerProcess> StartAsync(string directory, string logPath, IReadOnlyList<Uri> upstreams)
    {
        var nginx = Nginx.FindExecutable() ?? throw new BenchException("the PostgreSQL part needs nginx (apt-get install nginx), or BENCH_SKIP_POSTGRES=1");
        var port = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        var servers = string.Concat(upstreams.Select(upstream => $"    server {upstream.Authority};\n"));
        var arguments = Nginx.Configure(directory, $$"""
            client_max_body_size 64m;

            upstream paste {
            {{servers}}    keepalive 64;
            }

            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://paste;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $http_host;
                }
            }

            """);
        var server = ServerProcess.Start(nginx, arguments, directory, logPath, new Dictionary<string, string>(), new Uri($"http://127.0.0.1:{port}"));
        await server.WaitReadyAsync("/health");
        return server;
    }
}
