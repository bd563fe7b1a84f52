using System.Globalization;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Deployment;

/// <summary>
/// deploy/paste.service as systemd reads it: <c>systemd-analyze verify</c> has nothing to say about it, and its
/// hardening keeps the exposure score of <c>systemd-analyze security</c> at the level docs/deployment.md records. The
/// checks run on a copy whose ExecStart names the dotnet that runs these tests, since verify needs the program to exist.
/// </summary>
public sealed partial class ServiceUnitTests
{
    /// <summary>The score docs/deployment.md records; hardening may lower it, a change that raises it fails here.</summary>
    private const double MaxExposure = 1.2;

    private static readonly string UnitPath = Path.Combine(BuildLocations.RepositoryRoot(), "deploy", "paste.service");

    private string directory = null!;
    private string unitCopy = null!;

    [SetUp]
    public async Task SetUp()
    {
        var found = await ExternalProcess.RunAsync("/bin/sh", ["-c", "command -v systemd-analyze"]);
        Assert.That(found.ExitCode, Is.Zero, "systemd-analyze is needed by this test and is not installed (apt-get install systemd; .ci/run does it)");

        directory = Directory.CreateTempSubdirectory("paste-unit-").FullName;
        unitCopy = Path.Combine(directory, "paste.service");
        var unit = await File.ReadAllTextAsync(UnitPath);
        var dotnet = Path.IsPathRooted(BuildLocations.DotnetHost) ? BuildLocations.DotnetHost : "/bin/true";
        var withProgram = ExecStartProgram().Replace(unit, $"${{start}}{dotnet}", 1);
        Assert.That(withProgram, Is.Not.EqualTo(unit), "deploy/paste.service has no ExecStart=/usr/bin/dotnet line to point at this host's dotnet");
        await File.WriteAllTextAsync(unitCopy, withProgram);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Systemd_analyze_verify_has_nothing_to_say_about_the_unit()
    {
        var result = await ExternalProcess.RunAsync("systemd-analyze", ["verify", "--man=no", "--recursive-errors=no", unitCopy]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.StandardOutput + result.StandardError, Is.Empty, "every warning of verify (an unknown key, a bad value) counts");
        }
    }

    [Test]
    public async Task The_units_security_exposure_stays_at_the_recorded_level_or_below()
    {
        var result = await ExternalProcess.RunAsync("systemd-analyze", ["security", "--offline=yes", unitCopy]);

        var overall = OverallExposure().Match(result.StandardOutput);
        Assert.That(overall.Success, Is.True, $"no overall exposure level in the output of systemd-analyze security: {result}");
        var exposure = double.Parse(overall.Groups["level"].Value, CultureInfo.InvariantCulture);
        Assert.That(exposure, Is.LessThanOrEqualTo(MaxExposure), result.StandardOutput);
    }

    [Test]
    public async Task The_unit_leaves_memory_writable_and_executable_for_the_jit()
    {
        var unit = await File.ReadAllLinesAsync(UnitPath);

        Assert.That(
            unit.Where(line => line.StartsWith("MemoryDenyWriteExecute=", StringComparison.Ordinal)),
            Is.Empty,
            "the .NET JIT writes the code it then runs: with MemoryDenyWriteExecute=yes the service cannot start");
    }

    [GeneratedRegex(@"^(?<start>ExecStart=)/usr/bin/dotnet(?= )", RegexOptions.Multiline)]
    private static partial Regex ExecStartProgram();

    [GeneratedRegex(@"Overall exposure level for \S+: (?<level>\d+\.\d+)")]
    private static partial Regex OverallExposure();
}
