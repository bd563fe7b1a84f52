using Paste.Domain.Clients;

namespace Paste.Domain.Tests.Clients;

public sealed class SignatureStringTests
{
    /// <summary>Header values by lower-case name, as the transport would hand them over (obs-fold already unfolded).</summary>
    private static Func<string, IReadOnlyList<string>?> Headers(params (string Name, string Value)[] headers) =>
        name =>
        {
            var values = headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            return values.Count == 0 ? null : values;
        };

    [Test]
    public void The_drafts_signature_string_example_is_built_exactly()
    {
        // draft-cavage-http-signatures-12, section 2.3: GET /foo with two Cache-Control headers and an empty header.
        var headers = Headers(
            ("Host", "example.org"),
            ("Date", "Tue, 07 Jun 2014 20:51:35 GMT"),
            ("X-Example", "Example header with some whitespace."),
            ("X-EmptyHeader", ""),
            ("Cache-Control", "max-age=60"),
            ("Cache-Control", "must-revalidate"));

        var signingString = SignatureString.Build(
            ["(request-target)", "host", "date", "cache-control", "x-emptyheader", "x-example"], "GET", "/foo", headers);

        Assert.That(signingString, Is.EqualTo(
            "(request-target): get /foo\n"
            + "host: example.org\n"
            + "date: Tue, 07 Jun 2014 20:51:35 GMT\n"
            + "cache-control: max-age=60, must-revalidate\n"
            + "x-emptyheader: \n"
            + "x-example: Example header with some whitespace."));
    }

    [Test]
    public void The_drafts_all_headers_test_string_is_built_exactly()
    {
        // draft-cavage-http-signatures-12, appendix C.3: POST /foo?param=value&pet=dog with a JSON body.
        var headers = Headers(
            ("Host", "example.com"),
            ("Date", "Sun, 05 Jan 2014 21:31:40 GMT"),
            ("Content-Type", "application/json"),
            ("Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="),
            ("Content-Length", "18"));

        var signingString = SignatureString.Build(
            ["(request-target)", "host", "date", "content-type", "digest", "content-length"], "POST", "/foo?param=value&pet=dog", headers);

        Assert.That(signingString, Is.EqualTo(
            "(request-target): post /foo?param=value&pet=dog\n"
            + "host: example.com\n"
            + "date: Sun, 05 Jan 2014 21:31:40 GMT\n"
            + "content-type: application/json\n"
            + "digest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\n"
            + "content-length: 18"));
    }

    [Test]
    public void Only_the_date_header_is_signed_when_it_is_the_only_one_listed()
    {
        var signingString = SignatureString.Build(["date"], "GET", "/", Headers(("Date", "Sun, 05 Jan 2014 21:31:40 GMT")));

        Assert.That(signingString, Is.EqualTo("date: Sun, 05 Jan 2014 21:31:40 GMT"));
    }

    [Test]
    public void Several_values_of_one_header_are_joined_with_a_comma_and_a_space_in_order()
    {
        var signingString = SignatureString.Build(
            ["x-list"], "GET", "/", Headers(("X-List", "first"), ("X-List", "  second  "), ("X-List", "third")));

        Assert.That(signingString, Is.EqualTo("x-list: first, second, third"));
    }

    [Test]
    public void Leading_and_trailing_whitespace_of_a_value_is_dropped()
    {
        var signingString = SignatureString.Build(["host"], "GET", "/", Headers(("Host", " \texample.org \t")));

        Assert.That(signingString, Is.EqualTo("host: example.org"));
    }

    [Test]
    public void Lines_follow_the_order_the_headers_are_listed_in()
    {
        var headers = Headers(("Host", "example.org"), ("Date", "Sun, 05 Jan 2014 21:31:40 GMT"));

        var signingString = SignatureString.Build(["date", "(request-target)", "host"], "DELETE", "/abc", headers);

        Assert.That(signingString, Is.EqualTo("date: Sun, 05 Jan 2014 21:31:40 GMT\n(request-target): delete /abc\nhost: example.org"));
    }

    [Test]
    public void The_request_target_lower_cases_the_method_but_not_the_path()
    {
        var signingString = SignatureString.Build(["(request-target)"], "POST", "/AbC?Q=X%2F", Headers());

        Assert.That(signingString, Is.EqualTo("(request-target): post /AbC?Q=X%2F"));
    }

    [Test]
    public void There_is_no_newline_at_the_end()
    {
        var signingString = SignatureString.Build(["(request-target)", "host"], "GET", "/", Headers(("Host", "h")));

        Assert.That(signingString, Does.Not.EndWith("\n"));
    }

    [Test]
    public void A_listed_header_missing_from_the_request_gives_no_signing_string()
    {
        var signingString = SignatureString.Build(
            ["(request-target)", "host", "date", "digest"], "POST", "/", Headers(("Host", "example.org"), ("Date", "Sun, 05 Jan 2014 21:31:40 GMT")));

        Assert.That(signingString, Is.Null);
    }

    [Test]
    public void A_header_with_an_empty_list_of_values_counts_as_missing()
    {
        var signingString = SignatureString.Build(["host"], "GET", "/", _ => []);

        Assert.That(signingString, Is.Null);
    }

    [Test]
    public void The_request_target_never_comes_from_a_header_of_that_name()
    {
        string? asked = null;

        var signingString = SignatureString.Build(["(request-target)"], "GET", "/real", name =>
        {
            asked = name;
            return ["forged /elsewhere"];
        });

        Assert.That(signingString, Is.EqualTo("(request-target): get /real"));
        Assert.That(asked, Is.Null);
    }

    [Test]
    public void Request_target_host_and_date_are_required()
    {
        Assert.That(SignatureString.RequiredHeaders, Is.EquivalentTo(["(request-target)", "host", "date"]));
    }

    [TestCase("(request-target) host date", false, ExpectedResult = true)]
    [TestCase("date host (request-target)", false, ExpectedResult = true, TestName = "Order does not matter for coverage")]
    [TestCase("(request-target) host date digest", true, ExpectedResult = true)]
    [TestCase("(request-target) host date digest content-type", true, ExpectedResult = true)]
    [TestCase("(request-target) host date", true, ExpectedResult = false, TestName = "A body needs the digest signed")]
    [TestCase("host date", false, ExpectedResult = false, TestName = "The request target must be signed")]
    [TestCase("(request-target) date", false, ExpectedResult = false, TestName = "The host must be signed")]
    [TestCase("(request-target) host", false, ExpectedResult = false, TestName = "The date must be signed")]
    [TestCase("date", false, ExpectedResult = false, TestName = "The drafts default of date alone is not enough")]
    [TestCase("", false, ExpectedResult = false, TestName = "Nothing signed is not enough")]
    public bool Coverage_of_the_required_headers_is_checked(string headers, bool hasBody) =>
        SignatureString.CoversRequired(headers.Split(' ', StringSplitOptions.RemoveEmptyEntries), hasBody);
}
