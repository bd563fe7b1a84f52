using System.Text.Json;

namespace Paste.Api.Tests.Support;

/// <summary>
/// The values of the WebhookDeliveries.Status column. They are a stored format (existing databases hold them), so
/// the tests spell them out instead of borrowing the application's enum.
/// </summary>
public enum StoredDeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Dead = 2,
}

/// <summary>One row of the outbox table, read straight from the database.</summary>
public sealed record WebhookDeliveryRow(
    string Id, string EventId, string Url, string Payload, StoredDeliveryStatus Status, int Attempts, string? LastError)
{
    public override string ToString() => $"{Id} to {Url}: {Status} after {Attempts} attempts ({LastError ?? "no error"})";
}

/// <summary>What the application stores for webhooks in a <see cref="TestDatabase"/>'s directory.</summary>
public static class WebhookStorage
{
    /// <summary>Where <see cref="PasteApiFactory"/> points Paste:Webhooks:SigningKeyPath: beside the database.</summary>
    public static string SigningKeyPath(this TestDatabase database) => Path.Combine(database.DirectoryPath, "webhook.key");

    public static async Task<IReadOnlyList<WebhookDeliveryRow>> WebhookDeliveriesAsync(this TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "Id", "EventId", "Url", "Payload", "Status", "Attempts", "LastError"
            FROM "WebhookDeliveries" ORDER BY "CreatedAt", "Id"
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<WebhookDeliveryRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new WebhookDeliveryRow(
                IdOf(reader.GetValue(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                (StoredDeliveryStatus)reader.GetInt32(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }

    /// <summary>The deliveries that announce the paste at <paramref name="pasteUrl"/>, one per receiver.</summary>
    public static async Task<IReadOnlyList<WebhookDeliveryRow>> WebhookDeliveriesOfAsync(this TestDatabase database, string pasteUrl) =>
        [.. (await database.WebhookDeliveriesAsync()).Where(row => UrlOf(row.Payload) == pasteUrl)];

    /// <summary>
    /// Waits, within a bounded time, until the stored deliveries (only those announcing <paramref name="pasteUrl"/>,
    /// when given) satisfy <paramref name="done"/>; returns them.
    /// </summary>
    public static Task<IReadOnlyList<WebhookDeliveryRow>> WaitForWebhookDeliveriesAsync(
        this TestDatabase database, Func<IReadOnlyList<WebhookDeliveryRow>, bool> done, string what, string? pasteUrl = null, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => pasteUrl is null ? database.WebhookDeliveriesAsync() : database.WebhookDeliveriesOfAsync(pasteUrl),
            done,
            what,
            rows => rows.Count == 0 ? "no deliveries stored" : string.Join(Environment.NewLine, rows),
            timeout);

    /// <summary>A delivery's id as SQLite stores it, upper-case text: PostgreSQL stores a uuid.</summary>
    private static string IdOf(object stored) => stored is Guid id ? id.ToString("D").ToUpperInvariant() : (string)stored;

    private static string? UrlOf(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty("url", out var url) ? url.GetString() : null;
    }
}
