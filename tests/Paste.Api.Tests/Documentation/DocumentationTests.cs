using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Paste.Api.Tests.Documentation;

/// <summary>
/// The README is the front door and docs/ holds the manual: every page is reachable from the README, opens with its
/// contents, and every relative link of the README, docs/ and deploy/README.md leads to a file and a heading that exist,
/// as GitHub renders them.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = BuildLocations.RepositoryRoot();

    /// <summary>What the /v1 walk-through of docs/v1.md writes in the directory it runs in: a private key and a secret.</summary>
    private static readonly string[] V1WalkThroughFiles = ["client.key", "client.secret", "server.pub", "added.json"];

    private static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Root, "README.md"), Path.Combine(Root, "deploy", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"));

    [Test]
    public void The_readme_is_a_front_door_of_under_300_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));

        Assert.That(lines, Has.Length.LessThan(300));
        Assert.That(lines, Does.Contain("dotnet run --project src/Paste.Api").And.Contain("dotnet test"));
    }

    [Test]
    public void The_readme_links_every_page_of_docs()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var pages = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(Path.GetFileName);

        Assert.That(pages.Where(page => !readme.Contains($"](docs/{page}", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Every_manual_page_opens_with_its_contents()
    {
        string[] pages = ["api.md", "configuration.md", "operating.md", "webhooks.md", "signing.md", "v1.md", "cli.md", "clients.md", "testing.md", "deployment.md", "scaling.md", "threat-model.md"];

        Assert.That(pages.Where(page => !File.ReadAllText(Path.Combine(Root, "docs", page)).Contains("**Contents**", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Every_relative_link_leads_to_a_file_and_heading_that_exist()
    {
        var broken = new List<string>();
        foreach (var page in Pages())
        {
            foreach (var (line, target) in Links(page))
            {
                var (path, anchor) = target.IndexOf('#') is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, "");
                var full = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, path));
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    broken.Add($"{Path.GetRelativePath(Root, page)}:{line}: no file {target}");
                }
                else if (anchor.Length > 0 && full.EndsWith(".md", StringComparison.Ordinal) && !Anchors(full).Contains(anchor))
                {
                    broken.Add($"{Path.GetRelativePath(Root, page)}:{line}: no heading {target}");
                }
            }
        }

        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void Git_ignores_the_keys_and_secret_that_the_v1_walk_through_writes_at_the_root()
    {
        using var git = Process.Start(new ProcessStartInfo("git", ["check-ignore", "--no-index", .. V1WalkThroughFiles])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
        })!;
        var ignored = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();

        Assert.That(ignored, Is.EquivalentTo(V1WalkThroughFiles));
    }

    /// <summary>The relative links outside code blocks, with their line numbers.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string page)
    {
        var inCode = false;
        var number = 0;
        foreach (var line in File.ReadLines(page))
        {
            number++;
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            if (inCode)
            {
                continue;
            }

            foreach (Match link in Link().Matches(line))
            {
                var target = link.Groups["target"].Value;
                if (!target.StartsWith("http://", StringComparison.Ordinal) && !target.StartsWith("https://", StringComparison.Ordinal))
                {
                    yield return (number, target);
                }
            }
        }
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string page)
    {
        var anchors = new HashSet<string>();
        var seen = new Dictionary<string, int>();
        var inCode = false;
        foreach (var line in File.ReadLines(page))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            var heading = Heading().Match(line);
            if (inCode || !heading.Success)
            {
                continue;
            }

            var text = LinkText().Replace(heading.Groups["text"].Value, "${text}").Trim().ToLowerInvariant();
            var slug = new StringBuilder();
            foreach (var c in text.Where(c => char.IsLetterOrDigit(c) || c is '_' or '-' or ' '))
            {
                slug.Append(c == ' ' ? '-' : c);
            }

            var anchor = slug.ToString();
            var count = seen.GetValueOrDefault(anchor);
            anchors.Add(count == 0 ? anchor : $"{anchor}-{count}");
            seen[anchor] = count + 1;
        }

        return anchors;
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<text>.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();
}
