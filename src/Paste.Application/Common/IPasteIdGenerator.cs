namespace Paste.Application.Common;

public interface IPasteIdGenerator
{
    string NewId();
}
