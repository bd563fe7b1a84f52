namespace Paste.Testing;

/// <summary>
/// nginx as the tests and the benchmark run it: in the foreground, inside a minimal main configuration of their own
/// that includes one site, with its pid file, temporary files and logs in a directory of theirs, its error log on stderr.
/// </summary>
public static class Nginx
{
    /// <summary>The nginx executable, or null when it is not installed.</summary>
    public static string? FindExecutable()
    {
        // Debian puts nginx in /usr/sbin, which is on root's PATH but not always on another user's.
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return directories.Append("/usr/sbin").Append("/usr/local/sbin").Select(directory => Path.Combine(directory, "nginx")).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Writes <paramref name="site"/> and a main configuration including it into <paramref name="directory"/>, which must
    /// exist; returns the arguments that run nginx on them.
    /// </summary>
    public static IReadOnlyList<string> Configure(string directory, string site)
    {
        var temporary = Directory.CreateDirectory(Path.Combine(directory, "temp")).FullName;
        var sitePath = Path.Combine(directory, "paste.conf");
        var mainPath = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(sitePath, site);

        // nginx started by root hands its workers to "nobody", who could not enter a private directory to write the
        // temporary files of large bodies; they run as the caller's own user instead, as they do without root.
        var workers = Environment.IsPrivilegedProcess ? "user root;" : string.Empty;
        File.WriteAllText(mainPath, $$"""
            daemon off;
            {{workers}}
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log stderr info;

            events {
                worker_connections 256;
            }

            http {
                # The site names its own access log, if any; nothing is logged in /var/log.
                access_log off;
                client_body_temp_path {{temporary}}/client_body;
                proxy_temp_path {{temporary}}/proxy;
                fastcgi_temp_path {{temporary}}/fastcgi;
                uwsgi_temp_path {{temporary}}/uwsgi;
                scgi_temp_path {{temporary}}/scgi;

                include {{sitePath}};
            }

            """);
        return ["-c", mainPath, "-p", directory + "/", "-e", "stderr"];
    }
}
