using System.Globalization;
using Paste.Testing;

namespace Paste.Bench;

/// <summary>
/// nginx on a free port of 127.0.0.1 in front of several instances: round robin, keep-alive to each, no access log
/// (a log line per request would be measured too). Under root its workers run as nobody.
/// </summary>
internal static class NginxBalancer
{
    public static async Task<ServerProcess> StartAsync(string directory, string logPath, IReadOnlyList<Uri> upstreams)
    {
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        var port = LoopbackPort.Free();
        var servers = string.Concat(upstreams.Select(upstream => $"        server {upstream.Authority};\n"));
        var user = Environment.IsPrivilegedProcess ? "user nobody nogroup;" : "";
        var configuration = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configuration, $$"""
            {{user}}
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_max_body_size 64m;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                upstream paste {
            {{servers}}        keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                    location / {
                        proxy_pass http://paste;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                    }
                }
            }

            """);
        var nginx = FindExecutable();
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var server = ServerProcess.Start(nginx, ["-p", directory, "-c", configuration, "-g", "daemon off;"], directory, logPath, new Dictionary<string, string>(), url);
        await server.WaitReadyAsync("/health");
        return server;
    }

    private static string FindExecutable()
    {
        // Debian puts nginx in /usr/sbin, which is on root's PATH but not always on another user's.
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return directories.Append("/usr/sbin").Select(directory => Path.Combine(directory, "nginx")).FirstOrDefault(File.Exists)
            ?? throw new BenchException("the PostgreSQL part needs nginx (apt-get install nginx), or BENCH_SKIP_POSTGRES=1");
    }
}
