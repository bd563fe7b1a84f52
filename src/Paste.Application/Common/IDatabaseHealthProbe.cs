namespace Paste.Application.Common;

public interface IDatabaseHealthProbe
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
