using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Deployment;

/// <summary>
/// The nginx half of deploy/docker-compose.yml, without a container engine: the start-up step nginx-paste-site.sh turns
/// the mounted site paste.nginx.conf into the container's only site, with the secret and host name from the
/// environment, and <c>nginx -t</c> accepts the result. The step runs under a temporary root (PASTE_NGINX_ROOT); for
/// <c>nginx -t</c> the site's certificate and log paths are then moved under that root too, and nothing else.
/// </summary>
public sealed partial class ComposeSiteTests
{
    private const string Secret = "0f4c2a9e7b13d5c8a6e2f0b9d4c7a1e3";
    private const string ServerName = "paste.test";

    private static readonly string DeployDirectory = Path.Combine(BuildLocations.RepositoryRoot(), "deploy");

    private string root = null!;
    private string site = null!;

    [SetUp]
    public void SetUp()
    {
        root = Directory.CreateTempSubdirectory("paste-compose-site-").FullName;
        site = Path.Combine(root, "etc", "nginx", "conf.d", "paste.conf");
        Directory.CreateDirectory(Path.Combine(root, "etc", "nginx", "paste"));
        Directory.CreateDirectory(Path.Combine(root, "etc", "nginx", "conf.d"));
        Directory.CreateDirectory(Path.Combine(root, "var", "log", "nginx"));
        File.Copy(Path.Combine(DeployDirectory, "paste.nginx.conf"), Path.Combine(root, "etc", "nginx", "paste", "paste.nginx.conf"));

        // What the nginx image brings: a welcome site on port 80.
        File.WriteAllText(Path.Combine(root, "etc", "nginx", "conf.d", "default.conf"), "server { listen 80; }\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task The_start_up_step_installs_the_site_with_the_secret_and_host_name_as_the_only_site()
    {
        var result = await RunSiteStepAsync(Secret);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var installed = await File.ReadAllTextAsync(site);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(installed, Does.Contain($"proxy_set_header X-Proxy-Secret    \"{Secret}\";"));
            Assert.That(installed, Does.Not.Contain("\"CHANGE-ME\""));
            Assert.That(installed, Does.Contain($"server_name {ServerName};"));
            Assert.That(File.Exists(Path.Combine(root, "etc", "nginx", "conf.d", "default.conf")), Is.False, "the image's welcome site is removed");
            Assert.That(new FileInfo(Path.Combine(root, "var", "log", "nginx", "paste.access.log")).LinkTarget, Is.EqualTo("/dev/stdout"));
        }
    }

    [Test]
    public async Task Nginx_accepts_the_compose_site()
    {
        var nginx = await ExternalProcess.RunAsync("/bin/sh", ["-c", "command -v nginx || ls /usr/sbin/nginx"]);
        Assert.That(nginx.ExitCode, Is.Zero, "nginx is needed by this test and is not installed (apt-get install nginx)");
        var certificates = Directory.CreateDirectory(Path.Combine(root, "ssl")).FullName;
        await ExternalProcess.RequireAsync("openssl");
        await ExternalProcess.BashAsync(
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout privkey.pem -out fullchain.pem -subj /CN=paste.test -days 1 2>/dev/null"
            + " && cp fullchain.pem clients-ca.pem",
            certificates);
        await TestCertificates.RevocationListAsync(
            new PemCertificate(Path.Combine(certificates, "clients-ca.pem"), Path.Combine(certificates, "privkey.pem")),
            Path.Combine(certificates, "clients-crl.pem"));
        var step = await RunSiteStepAsync(Secret);
        Assert.That(step.ExitCode, Is.Zero, step.ToString());

        // The container's paths, under the temporary root.
        var installed = await File.ReadAllTextAsync(site);
        await File.WriteAllTextAsync(site, installed
            .Replace("/etc/ssl/paste/", certificates + "/", StringComparison.Ordinal)
            .Replace("/var/log/nginx/", Path.Combine(root, "var", "log", "nginx") + "/", StringComparison.Ordinal));
        var main = Path.Combine(root, "nginx.conf");
        await File.WriteAllTextAsync(main, MainConfiguration(root));
        var test = await ExternalProcess.RunAsync(nginx.StandardOutput.Trim(), ["-t", "-p", root, "-e", Path.Combine(root, "error.log"), "-c", main]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(test.ExitCode, Is.Zero, test.ToString());
            Assert.That(test.StandardError, Does.Contain("test is successful"), test.ToString());
        }
    }

    [TestCase("")]
    [TestCase("two words")]
    [TestCase("a/b")]
    [TestCase("quote\"d")]
    [TestCase("semi;colon")]
    public async Task The_start_up_step_refuses_a_secret_that_cannot_stand_in_the_site_as_it_is(string secret)
    {
        var result = await RunSiteStepAsync(secret);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
            Assert.That(result.StandardError, Does.Contain("PASTE_PROXY_SECRET"), result.ToString());
            Assert.That(File.Exists(site), Is.False, "no site is installed");
        }
    }

    [TestCase("CHANGE-ME")]
    [TestCase("0f4c2a9e7b13d5c8a6e2f0b9d4c7a1e", TestName = "The start-up step refuses a secret of 31 characters")]
    public async Task The_start_up_step_refuses_the_placeholder_or_a_secret_the_service_would_refuse_as_too_short(string secret)
    {
        var result = await RunSiteStepAsync(secret);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
            Assert.That(result.StandardError, Does.Contain("PASTE_PROXY_SECRET must be at least 32 characters"), result.ToString());
            Assert.That(File.Exists(site), Is.False, "no site is installed");
        }
    }

    [Test]
    public async Task Every_file_the_compose_file_mounts_from_deploy_is_there()
    {
        var compose = await File.ReadAllTextAsync(Path.Combine(DeployDirectory, "docker-compose.yml"));

        var mounted = LocalMount().Matches(compose).Select(match => match.Groups["file"].Value).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mounted, Does.Contain("paste.nginx.conf").And.Contain("nginx-paste-site.sh"));
            foreach (var file in mounted)
            {
                Assert.That(File.Exists(Path.Combine(DeployDirectory, file)), Is.True, $"deploy/{file}");
            }
        }
    }

    private Task<ProcessResult> RunSiteStepAsync(string secret) =>
        ExternalProcess.RunAsync("/bin/sh", [Path.Combine(DeployDirectory, "nginx-paste-site.sh")], new Dictionary<string, string?>
        {
            ["PASTE_NGINX_ROOT"] = root,
            ["PASTE_PROXY_SECRET"] = secret,
            ["PASTE_SERVER_NAME"] = ServerName,
        });

    /// <summary>The part of the nginx image's nginx.conf that matters here: conf.d/*.conf inside http, temp files under the root.</summary>
    private static string MainConfiguration(string root) => $$"""
        pid {{root}}/nginx.pid;
        events {}
        http {
            client_body_temp_path {{root}}/body;
            proxy_temp_path {{root}}/proxy;
            fastcgi_temp_path {{root}}/fastcgi;
            uwsgi_temp_path {{root}}/uwsgi;
            scgi_temp_path {{root}}/scgi;
            include {{root}}/etc/nginx/conf.d/*.conf;
        }
        """;

    [GeneratedRegex(@"^\s*- \./(?<file>[^:\s]+):", RegexOptions.Multiline)]
    private static partial Regex LocalMount();
}
