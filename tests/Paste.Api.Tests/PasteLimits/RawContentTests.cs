using System.Net;
using System.Security.Cryptography;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// <c>GET /{id}/raw</c> as caches and download managers use it: a strong entity tag that is the content's SHA-256,
/// 304 for a client that holds it, a single byte range, and the digest of a full answer.
/// </summary>
public sealed class RawContentTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly byte[] Alphabet = TestData.Utf8("abcdefghijklmnopqrstuvwxyz");

    /// <summary>Beyond 64 KiB the content is streamed from the database rather than read with its metadata.</summary>
    private static readonly byte[] Large = TestData.RandomBytes(seed: 21, length: (4 * 64 * 1024) + 99);

    [Test]
    public async Task The_content_is_tagged_with_its_sha256_and_carries_its_digest()
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");

        using var response = await Client.RawAsync(paste.Id);

        var sha256 = SHA256.HashData(Alphabet);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ResponseAssert.Header(response, "ETag"), Is.EqualTo($"\"{Convert.ToHexStringLower(sha256)}\""), "strong, not W/");
            Assert.That(ResponseAssert.Header(response, "Content-Digest"), Is.EqualTo($"sha-256=:{Convert.ToBase64String(sha256)}:"));
            Assert.That(ResponseAssert.Header(response, "Accept-Ranges"), Is.EqualTo("bytes"));
            Assert.That(paste.Body.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(sha256)), "the create answer names the same");
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(Alphabet));
        }
    }

    [Test]
    public async Task The_same_content_has_the_same_tag_and_other_content_another()
    {
        var one = await Client.CreatePasteAsync(Alphabet, "text/plain");
        var same = await Client.CreatePasteAsync(Alphabet, "text/plain");
        var other = await Client.CreatePasteAsync("something else");

        using var oneResponse = await Client.RawAsync(one.Id);
        using var sameResponse = await Client.RawAsync(same.Id);
        using var otherResponse = await Client.RawAsync(other.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.Header(sameResponse, "ETag"), Is.EqualTo(ResponseAssert.Header(oneResponse, "ETag")));
            Assert.That(ResponseAssert.Header(otherResponse, "ETag"), Is.Not.EqualTo(ResponseAssert.Header(oneResponse, "ETag")));
        }
    }

    [TestCase(false, TestName = "{m}(the tag)")]
    [TestCase(true, TestName = "{m}(the tag, weak)")]
    public async Task A_client_holding_the_content_gets_304_without_a_body(bool weak)
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Alphabet))}\"";

        using var response = await Client.RawAsync(paste.Id, ("If-None-Match", (weak ? "W/" : "") + tag));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(ResponseAssert.Header(response, "ETag"), Is.EqualTo(tag));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        }
    }

    [Test]
    public async Task A_client_holding_one_of_several_versions_named_gets_304()
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Alphabet))}\"";

        using var response = await Client.RawAsync(paste.Id, ("If-None-Match", $"\"{new string('1', 64)}\", {tag}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task A_client_holding_another_version_gets_the_content()
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");

        using var response = await Client.RawAsync(paste.Id, ("If-None-Match", $"\"{new string('1', 64)}\""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(Alphabet));
    }

    [TestCase("bytes=2-5", 2, 5, TestName = "{m}(from and to)")]
    [TestCase("bytes=20-", 20, 25, TestName = "{m}(from to the end)")]
    [TestCase("bytes=-3", 23, 25, TestName = "{m}(the last bytes)")]
    [TestCase("bytes=24-1000", 24, 25, TestName = "{m}(to past the end)")]
    [TestCase("bytes=-1000", 0, 25, TestName = "{m}(more last bytes than there are)")]
    public async Task A_single_range_is_answered_with_206_and_those_bytes(string range, int first, int last)
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");

        using var response = await Client.RawAsync(paste.Id, ("Range", range));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(ResponseAssert.Header(response, "Content-Range"), Is.EqualTo($"bytes {first}-{last}/26"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(last - first + 1));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(Alphabet[first..(last + 1)]));
            Assert.That(ResponseAssert.Header(response, "Content-Digest"), Is.Null, "the digest is of the whole content");
        }
    }

    [TestCase("bytes=26-")]
    [TestCase("bytes=100-200")]
    [TestCase("bytes=-0")]
    public async Task A_range_that_selects_nothing_is_416_with_the_size(string range)
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");

        using var response = await Client.RawAsync(paste.Id, ("Range", range));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "Range not satisfiable");
        Assert.That(ResponseAssert.Header(response, "Content-Range"), Is.EqualTo("bytes */26"));
    }

    [TestCase("bytes=0-1, 4-5", TestName = "{m}(several ranges)")]
    [TestCase("lines=1-2", TestName = "{m}(another unit)")]
    [TestCase("bytes=5-2", TestName = "{m}(a range that ends before it starts)")]
    public async Task A_range_that_is_not_one_range_of_bytes_gets_the_whole_content(string range)
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");

        using var response = await Client.RawAsync(paste.Id, ("Range", range));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(Alphabet));
    }

    [Test]
    public async Task A_range_with_if_range_of_this_content_is_served_and_of_another_gets_the_whole()
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Alphabet))}\"";

        using var current = await Client.RawAsync(paste.Id, ("Range", "bytes=0-1"), ("If-Range", tag));
        using var stale = await Client.RawAsync(paste.Id, ("Range", "bytes=0-1"), ("If-Range", $"\"{new string('2', 64)}\""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await stale.Content.ReadAsByteArrayAsync(), Is.EqualTo(Alphabet));
        }
    }

    [TestCase(0, 99, TestName = "{m}(the start)")]
    [TestCase(65_000, 140_000, TestName = "{m}(across storage pieces)")]
    [TestCase(200_000, 200_099, TestName = "{m}(well inside)")]
    [TestCase((4 * 64 * 1024) + 90, (4 * 64 * 1024) + 98, TestName = "{m}(the end)")]
    public async Task A_range_of_a_large_paste_is_served_from_storage(int first, int last)
    {
        var paste = await Client.CreatePasteAsync(Large, "application/octet-stream");

        using var response = await Client.RawAsync(paste.Id, ("Range", $"bytes={first}-{last}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(ResponseAssert.Header(response, "Content-Range"), Is.EqualTo($"bytes {first}-{last}/{Large.Length}"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(Large[first..(last + 1)]));
        }
    }

    [Test]
    public async Task A_large_paste_in_full_carries_the_digest_of_all_its_bytes()
    {
        var paste = await Client.CreatePasteAsync(Large, "application/octet-stream");

        using var response = await Client.RawAsync(paste.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.Header(response, "Content-Digest"), Is.EqualTo($"sha-256=:{Convert.ToBase64String(SHA256.HashData(Large))}:"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(Large));
        }
    }

    [Test]
    public async Task Head_tells_the_tag_and_size_without_the_content()
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");

        using var response = await Client.RawAsync(HttpMethod.Head, paste.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ResponseAssert.Header(response, "ETag"), Is.EqualTo($"\"{Convert.ToHexStringLower(SHA256.HashData(Alphabet))}\""));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(26));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        }
    }

    [Test]
    public async Task Head_of_content_the_client_holds_is_304_as_get_is()
    {
        var paste = await Client.CreatePasteAsync(Alphabet, "text/plain");
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Alphabet))}\"";

        using var get = await Client.RawAsync(HttpMethod.Get, paste.Id, ("If-None-Match", tag));
        using var head = await Client.RawAsync(HttpMethod.Head, paste.Id, ("If-None-Match", tag));
        using var headOfAnother = await Client.RawAsync(HttpMethod.Head, paste.Id, ("If-None-Match", $"\"{new string('3', 64)}\""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(headOfAnother.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    /// <summary>A large paste's content streams from storage; HEAD and a held version answer from its metadata alone, with the same headers.</summary>
    [Test]
    public async Task Head_and_a_held_version_of_a_large_paste_answer_as_get_does_without_its_content()
    {
        var paste = await Client.CreatePasteAsync(Large, "application/octet-stream");
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Large))}\"";

        using var get = await Client.RawAsync(HttpMethod.Get, paste.Id);
        using var head = await Client.RawAsync(HttpMethod.Head, paste.Id);
        using var held = await Client.RawAsync(HttpMethod.Get, paste.Id, ("If-None-Match", tag));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(Large.Length));
            foreach (var header in new[] { "ETag", "Content-Digest", "Content-Type", "Content-Disposition", "Accept-Ranges" })
            {
                Assert.That(ResponseAssert.Header(head, header), Is.EqualTo(ResponseAssert.Header(get, header)), header);
            }

            Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(ResponseAssert.Header(held, "ETag"), Is.EqualTo(tag));
            Assert.That(await held.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(await get.Content.ReadAsByteArrayAsync(), Is.EqualTo(Large));
        }
    }
}
