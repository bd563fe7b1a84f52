using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paste.Bench;

/// <summary>Everything one run measured, as written to its JSON file and read back by <c>--update-docs</c>.</summary>
internal sealed record BenchResult
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string? Commit { get; init; }

    public required BenchSettings Settings { get; init; }

    /// <summary>wrk runs by key: <c>paste.raw</c>, <c>reference.raw</c>, <c>postgres.create</c>, <c>postgres_pair_reference.health</c>, <c>small.raw</c>, <c>million.create</c>...</summary>
    public Dictionary<string, WrkResult> Throughput { get; init; } = [];

    public HighlightResult? Highlight { get; set; }

    /// <summary>Memory runs by key: <c>upload</c>, <c>download</c>, <c>postgres_upload</c>, <c>postgres_download</c>.</summary>
    public Dictionary<string, MemoryResult> Memory { get; init; } = [];

    public ScaleResult? Scale { get; set; }

    public double TotalSeconds { get; set; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static BenchResult Read(string path) =>
        JsonSerializer.Deserialize<BenchResult>(File.ReadAllText(path), JsonOptions) ?? throw new BenchException($"{path} holds no result");

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));
    }
}

/// <summary>The million part: how many pastes each side stored when the two were measured alternately.</summary>
internal sealed record ScaleResult(long Stored, long SmallStored, double DatabaseMib);
