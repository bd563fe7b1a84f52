namespace Paste.Api.Tests.Support;

/// <summary>
/// nginx serving deploy/paste.nginx.conf (with a test's values, see <see cref="NginxSite"/>), or a load balancer in
/// front of several instances, inside a minimal main configuration of the test's own: in the foreground, its pid file,
/// temporary files and logs in the test's directory, its error log on stderr. nginx is a requirement of the test (CI
/// installs it): without it the test fails, saying so. Disposing stops nginx by its master's process id, and kills it
/// if it has not stopped within 10 s.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly ExternalProcess process;

    private NginxProxy(ExternalProcess process, string accessLogPath)
    {
        this.process = process;
        AccessLogPath = accessLogPath;
    }

    /// <summary>The site's access log, one line per request with its <c>rid=</c>.</summary>
    public string AccessLogPath { get; }

    /// <summary>Starts nginx on the site, with its files in <paramref name="directory"/>, which must exist.</summary>
    public static NginxProxy Start(string directory, NginxSite site)
    {
        var accessLog = Path.Combine(directory, "paste.access.log");
        var deployed = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot(), NginxSite.DeployedPath));
        return StartWithSite(directory, site.Render(deployed, accessLog), accessLog);
    }

    /// <summary>
    /// Starts nginx as a plain-HTTP load balancer on 127.0.0.1:<paramref name="port"/> in front of several instances of
    /// the service on 127.0.0.1, round-robin, with nginx's default failover (<c>proxy_next_upstream error timeout</c>): a
    /// request that cannot reach an instance goes to the next, unless it is not idempotent and was already sent. The
    /// access log names the instance that answered each request.
    /// </summary>
    public static NginxProxy StartBalancer(string directory, int port, IReadOnlyList<int> servicePorts)
    {
        var accessLog = Path.Combine(directory, "paste.access.log");
        var servers = string.Join(Environment.NewLine, servicePorts.Select(servicePort => $"        server 127.0.0.1:{servicePort};"));
        var site = $$"""
            log_format balanced '$remote_addr "$request_method $uri" $status upstream=$upstream_addr upstream_status=$upstream_status';

            upstream paste_instances {
            {{servers}}
            }

            server {
                listen 127.0.0.1:{{port}};
                access_log {{accessLog}} balanced;
                client_max_body_size 50m;

                location / {
                    proxy_pass http://paste_instances;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_next_upstream error timeout;
                    # A dead instance refuses connections at once; this bounds a hung one.
                    proxy_connect_timeout 2s;
                }
            }

            """;
        return StartWithSite(directory, site, accessLog);
    }

    /// <summary>Waits until GET /health through nginx answers 200; fails early, with nginx's error log, if nginx exits.</summary>
    public Task WaitUntilAnsweringAsync(HttpClient client, Uri address) => PasteExecutable.WaitUntilHealthyAsync(process, client, address);

    /// <summary>What nginx logged so far (its error log, on stderr), for assertion messages.</summary>
    public override string ToString() => process.ToString();

    public async ValueTask DisposeAsync()
    {
        try
        {
            // SIGTERM to the master, which stops its worker and waits for it: no worker is left behind without a parent.
            process.Terminate();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>nginx in the foreground on <paramref name="site"/>, inside a minimal main configuration of the test's own.</summary>
    private static NginxProxy StartWithSite(string directory, string site, string accessLog)
    {
        var executable = Nginx.FindExecutable();
        Assert.That(executable, Is.Not.Null, "'nginx' is needed by this test and is not installed (apt-get install nginx; .ci/run installs it when missing)");
        var process = ExternalProcess.Start(executable!, Nginx.Configure(directory, site), workingDirectory: directory);
        return new NginxProxy(process, accessLog);
    }
}
