package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison section's rewriting and charts, without a broker. */
class CompareReportTest {

    /** 1.2 ms of threads per answer: 0.3 stream thread, 0.4 broker, 0.1 load generator, 0.4 in threads of no group. */
    private static final CpuMeter.PerAnswer CPU = new CpuMeter.PerAnswer(
            Map.of("stream thread", 0.3, "broker", 0.4, "load generator", 0.1, "other", 0.4), 1.2, 0.25, 0.05);

    private static final List<CompareReport.Row> ROWS = List.of(
            new CompareReport.Row("hot hotel", 1, CompareReport.INNFLOW, 40, 25, 30, 40, 50, 0, 0, null),
            new CompareReport.Row("hot hotel", 1, CompareReport.POSTGRES, 1_600, 0.5, 1, 2, 9, 0, 0, null),
            new CompareReport.Row("hot hotel", 1, CompareReport.CEILING, 50, 20, 22, 30, 35, 0, -1, null),
            new CompareReport.Row("hot hotel", 128, CompareReport.INNFLOW, 2_000, 60, 90, 120, 200, 3, 0, CPU),
            new CompareReport.Row("hot hotel", 128, CompareReport.POSTGRES, 500, 150, 700, 1_200, 1_800, 0, 0, null),
            new CompareReport.Row("hot hotel", 128, CompareReport.CEILING, 8_000, 15, 20, 25, 40, 0, -1, null),
            new CompareReport.Row("spread", 128, CompareReport.INNFLOW, 2_500, 50, 80, 100, 150, 0, 0, null));

    private static final CompareReport.Context CONTEXT = new CompareReport.Context(
            "Run of today",
            Map.of("cores", "2"),
            Map.of("Kafka", "4.3.1"),
            Map.of("commit.interval.ms", "20"),
            "benchmarks/");

    @Test
    void rewritesOnlyTheTextBetweenTheMarkers(@TempDir Path dir) throws Exception {
        String before = "# Benchmarks\n\nIntro.\n\n## Comparison\n\nHand-written.\n\n" + CompareReport.BEGIN
                + "\nold table\n" + CompareReport.END + "\n\n## Catalog path\n\nKept as it is.\n";
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, before);

        String section = CompareReport.section(CONTEXT, ROWS, List.of(dir.resolve("compare-throughput.png")));
        CompareReport.rewrite(doc, section);
        String after = Files.readString(doc);

        assertThat(after)
                .startsWith("# Benchmarks\n\nIntro.\n\n## Comparison\n\nHand-written.\n\n" + CompareReport.BEGIN + "\n")
                .endsWith(CompareReport.END + "\n\n## Catalog path\n\nKept as it is.\n")
                .doesNotContain("old table")
                .contains("| hot hotel | 128 | innflow | 2,000 | 60.0 | 90.0 | 120.0 | 200.0 | 3 | 0 |")
                .contains("| hot hotel | 128 | 4.00× | 0.25× | 0.10× | 4.80× |")
                .contains("| spread | 128 | - | - | - | - |")
                .contains("| hot hotel | 1 | Kafka ceiling | 50 | 20.0 | 22.0 | 30.0 | 35.0 | 0 | - |")
                .contains("![compare-throughput](benchmarks/compare-throughput.png)")
                // CPU per answer: each group in its column (threads of no group as other), then JIT and GC and
                // PostgreSQL; the total is all three.
                .contains("| hot hotel | 128 | innflow | 1.50 | 0.300 | 0.400 | 0.000 | 0.000 | 0.000 | 0.000 | 0.100"
                        + " | 0.400 | 0.250 | 0.050 |")
                .doesNotContain("| hot hotel | 1 | innflow | 0");
        // A second run replaces the section again rather than adding one.
        CompareReport.rewrite(doc, section);
        assertThat(Files.readString(doc)).isEqualTo(after);
    }

    @Test
    void refusesADocumentWithoutTheMarkers() {
        assertThatThrownBy(() -> CompareReport.rewrite("# Benchmarks\n", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CompareReport.BEGIN);
    }

    @Test
    void writesPngChartsOfThroughputAndLatency(@TempDir Path dir) throws Exception {
        List<Path> charts = CompareReport.writeCharts(dir.resolve("charts"), "compare", ROWS);

        assertThat(charts)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("compare-throughput.png", "compare-latency-p50.png", "compare-latency-p99.png");
        for (Path chart : charts) {
            byte[] png = Files.readAllBytes(chart);
            assertThat(png.length).isGreaterThan(1_000);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("PNG");
        }
    }
}
