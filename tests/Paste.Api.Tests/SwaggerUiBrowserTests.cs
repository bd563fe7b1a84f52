using Microsoft.Playwright;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// Swagger UI in a real browser, under the service's security headers: Debian's Chromium (installed by .ci/run),
/// driven by Playwright, against the application on Kestrel on 127.0.0.1 and an ephemeral port.
/// </summary>
public sealed class SwaggerUiBrowserTests(StorageProvider provider) : BrowserFixture(provider)
{
    private static readonly string[] OperationIds =
        ["CreatePaste", "GetServiceInfo", "GetPasteMetadata", "GetPasteRaw", "DeletePaste", "ListPastes", "GetHealth", "GetWebhookKey", "SubmitPaste", "CallServerFunction", "GetLiveness", "GetReadiness", "GetLimits"];


    [Test]
    public async Task Swagger_ui_renders_every_operation_and_executes_get_health()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");

        var response = await page.GotoAsync(new Uri(Client.BaseAddress!, "/swagger").ToString());
        Assert.That(response?.Status, Is.EqualTo(200), "GET /swagger");
        Assert.That(await response!.HeaderValueAsync("content-security-policy"), Does.StartWith("default-src 'none'"), "Swagger UI is served under a CSP");

        // Swagger UI ids its operation blocks operations-{tag}-{operationId}.
        await Assertions.Expect(page.Locator(".opblock")).ToHaveCountAsync(OperationIds.Length);
        foreach (var operationId in OperationIds)
        {
            await Assertions.Expect(page.Locator($"[id^='operations-'][id$='-{operationId}']")).ToBeVisibleAsync();
        }

        var health = page.Locator("#operations-Service-GetHealth");
        await health.Locator(".opblock-summary").ClickAsync();
        await health.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Try it out" }).ClickAsync();
        var healthResponse = await page.RunAndWaitForResponseAsync(
            () => health.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Execute" }).ClickAsync(),
            r => new Uri(r.Url).AbsolutePath == "/health");

        // The browser saw the relaxed policy on /swagger only: the API answer it fetched keeps the strict one.
        Assert.That(await healthResponse.HeaderValueAsync("content-security-policy"), Is.EqualTo(ResponseAssert.DefaultCsp));

        var liveResponse = health.Locator(".live-responses-table .response");
        await Assertions.Expect(liveResponse.Locator(".response-col_status")).ToHaveTextAsync("200");
        await Assertions.Expect(liveResponse.Locator(".response-col_description")).ToContainTextAsync("\"healthy\"");

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", "swagger-ui-get-health.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await health.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.AddTestAttachment(screenshot, "Swagger UI after Try it out → Execute on GET /health");

        // A Content-Security-Policy violation is reported on the console; none is allowed, nor any other error.
        Assert.That(problems, Is.Empty);
    }
}
