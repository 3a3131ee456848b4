import DriftStats
import Foundation
import MonitorEngine
@testable import MonitorMetrics
import Testing

@Suite struct ExpositionWriterTests {
    @Test func labelValuesAreEscapedAndEmptyOnesLeftOut() {
        var writer = ExpositionWriter(format: .prometheus)
        writer.family("modeltop_feature_bin", .counter, help: "Help with a \\ and a\nline.")
        writer.sample("modeltop_feature_bin_total", [("model", "m"), ("segment", ""), ("bin", "a \"quoted\" \\ back\nslash")], 3)
        #expect(writer.text == """
            # HELP modeltop_feature_bin_total Help with a \\\\ and a\\nline.
            # TYPE modeltop_feature_bin_total counter
            modeltop_feature_bin_total{model="m",bin="a \\"quoted\\" \\\\ back\\nslash"} 3

            """)
        #expect(writer.samples == 1)
    }

    @Test func openMetricsNamesACounterFamilyWithoutTotalAndEndsWithEOF() {
        var writer = ExpositionWriter(format: .openMetrics)
        writer.family("modeltop_records", .counter, help: "Records.")
        writer.sample("modeltop_records_total", ["kind": "label"], 2)
        writer.finish()
        #expect(writer.text == "# HELP modeltop_records Records.\n# TYPE modeltop_records counter\nmodeltop_records_total{kind=\"label\"} 2\n# EOF\n")
    }

    @Test func numbersReadBackExactly() {
        #expect(ExpositionWriter.number(12) == "12")
        #expect(ExpositionWriter.number(-3) == "-3")
        #expect(ExpositionWriter.number(.infinity) == "+Inf")
        #expect(ExpositionWriter.number(-.infinity) == "-Inf")
        #expect(ExpositionWriter.number(.nan) == "NaN")
        for value in [0.1, 1e-300, 0.004975124378109453, 123456.789, 1e20] {
            #expect(Double(ExpositionWriter.number(value)) == value)
        }
    }

    @Test func theScraperChoosesTheFormat() {
        #expect(ExpositionWriter.Format.accepting(nil) == .prometheus)
        #expect(ExpositionWriter.Format.accepting("text/plain;version=0.0.4;q=0.5,*/*;q=0.1") == .prometheus)
        #expect(ExpositionWriter.Format.accepting("application/openmetrics-text;version=1.0.0,text/plain;q=0.5") == .openMetrics)
    }

    @Test func listenAddressesAreHostAndPort() throws {
        try expectAddress("127.0.0.1:9464", .ipv4("127.0.0.1"), 9464)
        try expectAddress(":9464", .ipv4("0.0.0.0"), 9464)
        try expectAddress("localhost:0", .ipv4("127.0.0.1"), 0)
        try expectAddress("[::1]:9464", .ipv6("::1"), 9464)
        for bad in ["9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "::1:9464", "[]:1", "host:port", "127.0.0.1:+1"] {
            #expect(throws: MetricsListenError.self, "\(bad)") { try ListenAddress(parsing: bad) }
        }
    }
}

func expectAddress(_ text: String, _ family: ListenAddress.Family, _ port: UInt16) throws {
    let address = try ListenAddress(parsing: text)
    #expect(address.family == family && address.port == port, "\(text)")
}

@Suite struct MetricsExpositionCountsTests {
    /// The latency histogram's buckets count exactly the values at or below each bound (counted
    /// here from the values themselves), its `+Inf` bucket and `_count` all of them.
    @Test func latencyBucketsCountTheValuesAtOrBelowTheirBound() {
        var sketch = LatencySketch()
        var generator = SplitMix64(seed: 7)
        var values: [Double] = [0, 0.5]
        for _ in 0..<5_000 { values.append(exp(Double(generator.next() % 10_000) / 1_000)) }
        for value in values { sketch.record(value) }
        for edge in MetricsExposition.latencyEdgesMilliseconds {
            let index = sketch.bucketIndex(nearest: edge)
            let bound = sketch.upperBound(ofBucket: index)
            #expect(abs(bound / edge - 1) <= 0.011, "\(edge) ms moved to \(bound)")
            // A value within a rounding error of the bound may fall either side of it.
            let below = values.filter { $0 <= bound * (1 - 1e-12) }.count
            let atOrBelow = values.filter { $0 <= bound * (1 + 1e-12) }.count
            let counted = sketch.count(atOrBelowBucket: index)
            #expect(counted >= below && counted <= atOrBelow, "\(edge) ms: \(counted) not in [\(below), \(atOrBelow)]")
        }
        #expect(abs(sketch.sum - values.filter { $0 > LatencySketch.smallestPositive }.reduce(0, +)) <= 1e-9 * sketch.sum)
    }

    /// A cell's offset from its inner edge gives back the cell's sum, and is never negative.
    @Test func cellOffsetsGiveBackEachCellsSum() {
        let reference = (0..<1_000).map { Double($0) / 10 }
        var counts = NumericCounts(grid: NumericGrid(sortedReference: reference))
        var generator = SplitMix64(seed: 3)
        for _ in 0..<20_000 { counts.record(Double(generator.next() % 1_400_000) / 10_000 - 20) }
        let edges = counts.grid.fineEdges
        let cells = counts.cells
        for cell in cells.indices where cells[cell].count > 0 {
            let offset = MetricsExposition.offset(counts, cell: cell)
            #expect(offset >= 0)
            let n = Double(cells[cell].count)
            // The inner edge, written out here: the upper one in the lower half, the lower above.
            let lowerHalf = cell < cells.count / 2 || cell == 0
            let rebuilt = lowerHalf ? n * edges[cell] - offset : n * edges[cell - 1] + offset
            #expect(abs(rebuilt - cells[cell].sum) <= 1e-9 * max(1, abs(cells[cell].sum)), "cell \(cell)")
        }
    }

    @Test func aFloatCounterNeverGoesDown() {
        var marks = MetricsExposition.HighWaterMarks()
        #expect(marks.monotonic("a", 1.0) == 1.0)
        #expect(marks.monotonic("a", 1.0 - 1e-16) == 1.0)
        #expect(marks.monotonic("a", 2.0) == 2.0)
        #expect(marks.monotonic("b", 0.5) == 0.5)
    }
}
