using QRCoder;

namespace Paste.Api.Pages;

/// <summary>QR codes drawn on the server, so that a phone can open a paste without the page running any script.</summary>
public static class QrCodes
{
    private const int PixelsPerModule = 4;

    /// <summary>
    /// <paramref name="text"/> as an SVG <c>data:</c> URI: shown by an img element, where an SVG cannot run anything,
    /// and allowed by the pages' <c>img-src data:</c>.
    /// </summary>
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(PixelsPerModule);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
