using System.Text;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Paste.Domain.Pastes;
using Paste.MicroBench;

// dotnet run -c Release --project bench/Paste.MicroBench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ContentInspectionBenchmarks).Assembly).Run(args);

namespace Paste.MicroBench
{

    /// <summary>
    /// What detection costs per paste: inspecting content in the 64 KiB pieces the create path reads, against validating
    /// the same bytes in one call with <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>, which needs them all in memory.
    /// </summary>
    [MemoryDiagnoser]
    public class ContentInspectionBenchmarks
    {
        private const int Piece = 64 * 1024;

        private byte[] content = [];

        [Params(1024, 1024 * 1024)]
        public int Size { get; set; }

        [Params("ascii", "mixed")]
        public string Text { get; set; } = "ascii";

        [GlobalSetup]
        public void SetUp()
        {
            var unit = Text == "ascii" ? "log line 42: all is well\n" : "résumé, 日本語, emoji 😀\n";
            var builder = new StringBuilder();
            while (Encoding.UTF8.GetByteCount(builder.ToString()) < Size)
            {
                builder.Append(unit);
            }

            content = Encoding.UTF8.GetBytes(builder.ToString());
        }

        [Benchmark(Baseline = true)]
        public bool WholeBufferIsValid() => Utf8.IsValid(content);

        [Benchmark]
        public bool InspectInPieces()
        {
            var inspection = new ContentInspection();
            for (var offset = 0; offset < content.Length; offset += Piece)
            {
                inspection.Append(content.AsSpan(offset, Math.Min(Piece, content.Length - offset)));
            }

            inspection.Complete();
            return inspection.IsUtf8;
        }
    }
}
