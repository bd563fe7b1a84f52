using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paste.Api.Binding;
using Paste.Api.Protection;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Protection;

/// <summary>What the limiter tells the operator as it is built from the settings, and how uploads wait for a place.</summary>
public sealed class PasteRateLimiterTests
{
    private RateLimitSettings settings = null!;
    private RecordingLogger<PasteRateLimiter> logger = null!;

    [SetUp]
    public void CreateSettings()
    {
        settings = new RateLimitSettings();
        logger = new RecordingLogger<PasteRateLimiter>();
    }

    [Test]
    public void A_per_minute_setting_beside_its_list_is_named_in_a_warning()
    {
        settings.Requests = ["50 per hour"];
        settings.RequestsPerMinute = 100;

        using var limiter = new PasteRateLimiter(Options.Create(settings), new ClientBudgetKey(Options.Create(settings)), logger, TimeProvider.System);

        Assert.That(
            logger.Entries,
            Is.EquivalentTo([(LogLevel.Warning, "Paste:RateLimits:RequestsPerMinute is ignored: Paste:RateLimits:Requests is set, and its windows apply instead")]));
    }

    [Test]
    public void Settings_without_a_conflict_are_built_without_a_word()
    {
        settings.Requests = ["50 per hour"];
        settings.AnonymousPermitsPerMinute = 100;

        using var limiter = new PasteRateLimiter(Options.Create(settings), new ClientBudgetKey(Options.Create(settings)), logger, TimeProvider.System);

        Assert.That(logger.Entries, Is.Empty);
    }

    [Test]
    public async Task An_upload_whose_client_hangs_up_while_it_waits_leaves_the_queue()
    {
        settings.ConcurrentUploadsPerClient = 1;
        settings.ConcurrentUploadQueuePerClient = 1;
        using var limiter = new PasteRateLimiter(Options.Create(settings), new ClientBudgetKey(Options.Create(settings)), logger, TimeProvider.System);
        var upload = Upload();
        var inProgress = await limiter.Global.AcquireAsync(upload);
        using var hangUp = new CancellationTokenSource();

        // The rate-limiting middleware waits with the request's abort token, which a client hanging up cancels.
        var abandoned = limiter.Global.AcquireAsync(upload, cancellationToken: hangUp.Token);
        await hangUp.CancelAsync();
        var next = limiter.Global.AcquireAsync(upload);

        Assert.That(inProgress.IsAcquired);
        Assert.CatchAsync<OperationCanceledException>(async () => await abandoned);
        Assert.That(next.IsCompleted, Is.False, "refused at once: the abandoned upload still held the queue");
        inProgress.Dispose();
        using var lease = await next;
        Assert.That(lease.IsAcquired, "the place given back did not go to the upload waiting after the abandoned one");
    }

    /// <summary>A request to an action that takes a paste body, from one client address.</summary>
    private static DefaultHttpContext Upload()
    {
        var action = new ControllerActionDescriptor { Parameters = [new ParameterDescriptor { Name = "upload", ParameterType = typeof(PasteUpload) }] };
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(action), "create"));
        return context;
    }
}
