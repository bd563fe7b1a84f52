using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Persistence;

/// <summary>
/// <c>copy-to-postgresql</c> run as an operator runs it: a SQLite store filled by the real service, which is then stopped,
/// copied into a fresh PostgreSQL database, and served from there by the service switched to PostgreSQL with the same keys.
/// </summary>
public sealed class CopyToPostgreSqlTests
{
    private const string Command = "copy-to-postgresql";

    /// <summary>Six full chunks of 256 KiB and a partial one: more than one COPY row, and a last row shorter than the rest.</summary>
    private const int BinaryBytes = (6 * 256 * 1024) + 123;

    private const string IdempotencyKey = "copy-test-0001";

    /// <summary>The tables the copy fills, with the columns both stores have; delivered deliveries are not copied.</summary>
    private static readonly (string Table, string Columns, string Where)[] CopiedTables =
    [
        ("Pastes", "\"Id\", \"MimeType\", \"Size\", \"CreatedAt\", \"LastAccessedAt\", \"Owner\", \"Deadline\", \"MaxViews\", \"ViewsLeft\", \"Sha256\", \"DeleteTokenHash\"", string.Empty),
        ("ApiClients", "\"KeyId\", \"Name\", \"KeyType\", \"KeyMaterial\", \"BoxPublicKey\", \"CreatedAt\", \"RevokedAt\"", string.Empty),
        ("WebhookDeliveries", "\"Id\", \"EventId\", \"Url\", \"Payload\", \"CreatedAt\", \"Status\", \"Attempts\", \"NextAttemptAt\", \"DeliveredAt\", \"LastError\"", "WHERE \"Status\" <> 1"),
        ("IdempotencyKeys", "\"Scope\", \"Key\", \"RequestHash\", \"Response\", \"CreatedAt\"", string.Empty),
    ];

    private TestDatabase sqlite = null!;
    private string postgres = null!;

    [SetUp]
    public async Task SetUp()
    {
        sqlite = new TestDatabase();
        postgres = await PostgresServer.Shared.CreateDatabaseAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        sqlite.Dispose();
        await PostgresServer.Shared.DropDatabaseAsync(postgres);
    }

    [Test]
    public async Task A_stopped_SQLite_store_copied_to_PostgreSQL_serves_its_pastes_clients_and_pending_notifications_as_before()
    {
        var client = await PasteExecutable.AdminAsync(sqlite, "clients", "add", "nightly job");
        var signingKey = SigningKey.Hmac(client.GetProperty("key_id").GetString()!, client.GetProperty("secret").GetString()!);
        await using var receiver = WebhookReceiver.Down();

        // The receiver refuses connections meanwhile; enough attempts that every delivery is still pending, not dead, at the copy.
        var settings = WebhookApi.Settings([receiver.Url], new Dictionary<string, string?> { ["Paste:Webhooks:MaxAttempts"] = "1000" });
        var binary = new byte[BinaryBytes];
        new Random(7).NextBytes(binary);
        var pastes = new List<Written>();
        byte[] webhookKey;
        string idempotentAnswer;

        var port = LoopbackPort.Free();
        await using (var service = PasteExecutable.StartService(sqlite, port, settings))
        {
            using var http = await ConnectAsync(service, port);
            webhookKey = await http.GetWebhookPublicKeyAsync();
            pastes.Add(await CreateAsync(http, "text", TestData.Utf8("plain text, copied as it is\n"), "text/plain"));
            pastes.Add(await CreateAsync(http, "csv", TestData.Utf8("name,copied\nfirst,yes\n"), "text/csv"));
            pastes.Add(await CreateAsync(http, "binary", binary, "application/octet-stream"));
            pastes.Add(await CreateAsync(http, "burn", TestData.Utf8("read me once"), "text/plain", headers: ("X-Paste-Burn", "1")));
            pastes.Add(await CreateAsync(http, "views", TestData.Utf8("read me three times"), "text/plain", headers: ("X-Paste-Max-Views", "3")));
            pastes.Add(await CreateAsync(http, "deadline", TestData.Utf8("gone within the hour"), "text/plain", headers: ("X-Paste-Expires-In", "3600")));
            var owned = await CreateAsync(http, "owned", TestData.Utf8("alice's"), "text/plain", Fingerprints.Alice, ("Idempotency-Key", IdempotencyKey));
            pastes.Add(owned);
            idempotentAnswer = owned.Id;

            await sqlite.WaitForWebhookDeliveriesAsync(
                all => all.Count == pastes.Count && all.All(delivery => delivery.Attempts >= 1), "a failed attempt for every announcement");
            service.Terminate();
            await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var pending = await sqlite.WebhookDeliveriesAsync();
        var sourceRows = await SqliteRowsAsync();

        var copy = await PasteExecutable.RunAsync(sqlite, [Command, postgres]);
        var again = await PasteExecutable.RunAsync(sqlite, [Command, postgres]);
        var targetRows = await PostgresRowsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.StandardOutput.TrimEnd().Split('\n'), Has.Length.EqualTo(1), copy.ToString());
            var summary = copy.Json();
            Assert.That(summary.GetProperty("pastes").GetInt64(), Is.EqualTo(pastes.Count), copy.ToString());
            Assert.That(summary.GetProperty("bytes").GetInt64(), Is.EqualTo(pastes.Sum(p => (long)p.Body.Length)), copy.ToString());
            Assert.That(summary.GetProperty("clients").GetInt64(), Is.EqualTo(1), copy.ToString());
            Assert.That(summary.GetProperty("deliveries").GetInt64(), Is.EqualTo(pending.Count), copy.ToString());
            Assert.That(summary.GetProperty("idempotency_keys").GetInt64(), Is.EqualTo(1), copy.ToString());
            Assert.That(summary.GetProperty("target").GetString(), Does.StartWith("postgresql://").And.Not.Contain("Password"), copy.ToString());
            Assert.That(pending.Select(d => d.Status), Is.All.EqualTo(StoredDeliveryStatus.Pending), string.Join(Environment.NewLine, pending));

            foreach (var (table, rows) in sourceRows)
            {
                Assert.That(targetRows[table], Is.EquivalentTo(rows), $"every column of \"{table}\"");
            }

            Assert.That(targetRows["Leased"], Is.Empty, "deliveries leased in PostgreSQL");

            Assert.That(again.ExitCode, Is.EqualTo(1), again.ToString());
            Assert.That(again.StandardError, Does.Contain("already holds pastes"), again.ToString());
            Assert.That(again.StandardOutput, Is.Empty, again.ToString());
        }

        await receiver.UpAsync();
        var postgresSettings = new Dictionary<string, string?>(settings)
        {
            ["Paste:Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:Paste"] = postgres,
        };
        var restartPort = LoopbackPort.Free();
        await using var switched = PasteExecutable.StartService(sqlite, restartPort, postgresSettings);
        using var restarted = await ConnectAsync(switched, restartPort);

        var metadata = new Dictionary<string, JsonElement>();
        foreach (var paste in pastes)
        {
            metadata[paste.Name] = await restarted.GetMetadataAsync(paste.Id);
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var paste in pastes)
            {
                Assert.That(metadata[paste.Name].GetProperty("mime_type").GetString(), Is.EqualTo(paste.Metadata.GetProperty("mime_type").GetString()), paste.Name);
                Assert.That(Sha256Of(metadata[paste.Name]), Is.EqualTo(Sha256Of(paste.Metadata)), paste.Name);
                Assert.That(metadata[paste.Name].GetProperty("created_at").GetInt64(), Is.EqualTo(paste.Metadata.GetProperty("created_at").GetInt64()), paste.Name);
            }

            Assert.That(metadata["burn"].GetProperty("burn_after_reading").GetBoolean(), Is.True);
            Assert.That(metadata["views"].GetProperty("views_left").GetInt32(), Is.EqualTo(3));
            Assert.That(metadata["deadline"].GetProperty("expires_at").GetInt64(), Is.EqualTo(Named(pastes, "deadline").Metadata.GetProperty("expires_at").GetInt64()));

            foreach (var paste in pastes)
            {
                Assert.That(await restarted.GetRawBytesAsync(paste.Id), Is.EqualTo(paste.Body), $"{paste.Name} read back byte for byte");
            }

            Assert.That(await restarted.StatusOfAsync($"/{Named(pastes, "burn").Id}/raw"), Is.EqualTo(HttpStatusCode.NotFound), "burnt by its one read");
            Assert.That(await ListedForAsync(restarted, Fingerprints.Alice), Is.EqualTo(new[] { Named(pastes, "owned").Id }), "the owner's pastes");

            var retried = await CreateAsync(restarted, "retried", TestData.Utf8("alice's"), "text/plain", Fingerprints.Alice, ("Idempotency-Key", IdempotencyKey));
            Assert.That(retried.Id, Is.EqualTo(idempotentAnswer), "a retried create is answered as the first one was");

            using var signed = await restarted.PostSignedAsync(TestData.Utf8("signed after the switch"), signingKey);
            Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the client's secret still decrypts");
            Assert.That(await restarted.GetWebhookPublicKeyAsync(), Is.EqualTo(webhookKey), "the same signing key");
        }

        foreach (var paste in pastes)
        {
            var delivered = await receiver.WaitForDeliveryAsync(paste.Url);
            NotificationAssert.IsAuthenticNewPaste(webhookKey, delivered, paste.Url);
            Assert.That(delivered.Header("webhook-id"), Is.EqualTo(pending.Single(d => PasteUrlOf(d) == paste.Url).EventId), "the event stored before the copy");
        }
    }

    [Test]
    public async Task The_copy_is_refused_when_the_configured_store_is_PostgreSQL_already()
    {
        var result = await PasteExecutable.RunAsync(
            sqlite, [Command, postgres], new Dictionary<string, string?> { ["Paste:Storage:Provider"] = "PostgreSql", ["ConnectionStrings:Paste"] = postgres });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("PostgreSQL already"), result.ToString());
            Assert.That(result.StandardOutput, Is.Empty, result.ToString());
            Assert.That(await TablesAsync(), Is.Empty, "the target is left as it was: not even migrated");
        }
    }

    [Test]
    public async Task The_copy_is_refused_while_the_service_uses_the_SQLite_store()
    {
        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(sqlite, port);
        using var http = await ConnectAsync(service, port);
        await http.CreatePasteAsync("written while the copy is attempted");

        var result = await PasteExecutable.RunAsync(sqlite, [Command, postgres]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("stop the service first"), result.ToString());
            Assert.That(await TablesAsync(), Is.Empty, "nothing is written to the target");
        }
    }

    private static Written Named(IEnumerable<Written> pastes, string name) => pastes.Single(p => p.Name == name);

    private static string? PasteUrlOf(WebhookDeliveryRow delivery)
    {
        using var payload = JsonDocument.Parse(delivery.Payload);
        return payload.RootElement.GetProperty("url").GetString();
    }

    private static async Task<Written> CreateAsync(
        HttpClient http, string name, byte[] body, string contentType, string? fingerprint = null, params (string Name, string Value)[] headers)
    {
        using var request = PasteApi.Post(PasteApi.Raw(body, contentType), fingerprint);
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await http.SendAsync(request);
        var created = await PasteApi.ReadCreatedAsync(response);
        return new Written(name, created.Id, WebhookApi.AnnouncedUrl(created), body, await http.GetMetadataAsync(created.Id));
    }

    /// <summary>The metadata's SHA-256; null for a view-limited paste, whose metadata withholds it.</summary>
    private static string? Sha256Of(JsonElement metadata) =>
        metadata.TryGetProperty("sha256", out var sha256) ? sha256.GetString() : null;

    private static async Task<string[]> ListedForAsync(HttpClient http, string fingerprint)
    {
        using var response = await http.SendAsync(HttpMethod.Get, "/pastes", fingerprint);
        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        return [.. body.GetProperty("pastes").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
    }

    private static async Task<HttpClient> ConnectAsync(ExternalProcess service, int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await PasteExecutable.WaitUntilHealthyAsync(service, http, http.BaseAddress);
        return http;
    }

    /// <summary>The copied tables' rows in the SQLite store, each as one line of its columns; delivered deliveries are not copied.</summary>
    private async Task<Dictionary<string, List<string>>> SqliteRowsAsync()
    {
        await using var connection = await sqlite.OpenAsync();
        var rows = new Dictionary<string, List<string>>();
        foreach (var (table, columns, where) in CopiedTables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT {columns} FROM \"{table}\" {where}";
            rows[table] = await LinesAsync(await select.ExecuteReaderAsync());
        }

        await using var content = connection.CreateCommand();
        content.CommandText = "SELECT \"PasteId\", hex(\"Data\") FROM \"PasteContents\"";
        rows["Content"] = await LinesAsync(await content.ExecuteReaderAsync());
        return rows;
    }

    /// <summary>The same in PostgreSQL, content put back together from its chunks in order.</summary>
    private async Task<Dictionary<string, List<string>>> PostgresRowsAsync()
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        var rows = new Dictionary<string, List<string>>();
        foreach (var (table, columns, where) in CopiedTables)
        {
            await using var select = new NpgsqlCommand($"SELECT {columns} FROM \"{table}\" {where}", connection);
            rows[table] = await LinesAsync(await select.ExecuteReaderAsync());
        }

        await using var content = new NpgsqlCommand(
            """SELECT "PasteId", upper(encode(string_agg("Data", ''::bytea ORDER BY "Index"), 'hex')) FROM "PasteChunks" GROUP BY "PasteId" """, connection);
        rows["Content"] = await LinesAsync(await content.ExecuteReaderAsync());

        // A lease the stopped SQLite service left behind is no lease in the new store: every delivery is free to be sent.
        await using var leased = new NpgsqlCommand("""SELECT "Id" FROM "WebhookDeliveries" WHERE "LeasedUntil" IS NOT NULL""", connection);
        rows["Leased"] = await LinesAsync(await leased.ExecuteReaderAsync());
        return rows;
    }

    /// <summary>Each row as text: bytes in hex, identifiers as SQLite writes them (upper case), NULL as null.</summary>
    private static async Task<List<string>> LinesAsync(System.Data.Common.DbDataReader reader)
    {
        await using (reader)
        {
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values[i] = reader.GetValue(i) switch
                    {
                        DBNull => "null",
                        byte[] bytes => Convert.ToHexString(bytes),
                        Guid id => id.ToString("D").ToUpperInvariant(),
                        var value => Convert.ToString(value, CultureInfo.InvariantCulture)!,
                    };
                }

                lines.Add(string.Join(" | ", values));
            }

            return lines;
        }
    }

    private async Task<string[]> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        var tables = await LinesAsync(await select.ExecuteReaderAsync());
        return [.. tables];
    }

    /// <summary>A paste as the SQLite service created it: its bytes, its absolute URL, and its metadata then.</summary>
    private sealed record Written(string Name, string Id, string Url, byte[] Body, JsonElement Metadata);
}
