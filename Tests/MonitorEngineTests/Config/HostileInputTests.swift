import Testing
@testable import MonitorEngine

/// Bad files are errors, never crashes or hangs.
struct HostileInputTests {
    @Test(arguments: [
        ("model: *x\n", 1, 8),
        ("alerts:\n  - *rule\n", 2, 5),
        ("segments: [country, *d]\n", 1, 21),
        ("drift: {bins: *n}\n", 1, 15),
        ("? *key\n: 1\n", 1, 3),
        ("a: &x 1\nthreshold: *x\n", 2, 12),
        ("predictions: [*.jsonl]\n", 1, 15),
        ("model: \"m\" # note\nlabels: *l\n", 2, 9),
        ("model: é\nlabels: *l\n", 2, 9),
    ])
    func aliasesAreRefusedWithTheirPlace(yaml: String, line: Int, column: Int) {
        #expect(throws: ConfigError(file: "m.yaml", line: line, column: column,
                                    message: "'*' starts a YAML alias here, which the configuration does not use: "
                                        + "write the value out, and quote it if it is a glob (\"*.jsonl\")")) {
            try MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
        }
    }

    @Test(arguments: [
        "predictions: [logs/*.jsonl, 'a*b', \"*x\", '*']\n",
        "predictions: logs/*.jsonl\n",
        "# *comment\nmodel: m # *x\n",
        "model: |\n  - *x\n  *y\n\n  z\nthreshold: 0.5\n",
        "model: >-\n  *folded\n",
        "alerts:\n  - metric: drift\n    above: 0.2\n    action: [echo, 'it''s *', \"a\\\"*\"]\n",
        "model: a*b\n",
        "model: 'multi\n  line *x'\n",
        "model: &anchor m\n",
        MonitorConfigExampleTests.example,
    ])
    func starsThatAreNotAliasesPass(yaml: String) {
        #expect(AliasScan.firstAlias(in: yaml) == nil)
    }

    @Test func nestedAliasesAsAKeyDoNotHang() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...30 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "? *a30\n: 1\n"
        #expect(throws: ConfigError.self) {
            try MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
        }
    }

    @Test func deepNestingIsASyntaxError() {
        let yaml = "model: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        // The 65th bracket, before libyaml's own limit of 1,000.
        #expect(throws: ConfigError(file: "m.yaml", line: 1, column: 72,
                                    message: "YAML syntax error: nested more than 64 levels deep")) {
            try MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
        }
    }

    /// Files of a few hundred kilobytes that took quadratic time (half a minute to minutes in a
    /// debug build): a list checked for repeats by scanning it, ranges and rule scopes checked
    /// against the feature list by scanning it, the source paths copied once per path, action
    /// arguments scanned for placeholders again after each `{`.
    @Test(arguments: [
        "segments", "predictions", "ranges", "scopes", "placeholders",
    ])
    func longFilesTakeLinearTime(shape: String) throws {
        func names(_ count: Int) -> [String] { (0..<count).map { "f\($0)" } }
        let yaml: String
        switch shape {
        case "segments":
            yaml = "segments: [" + names(40_000).joined(separator: ", ") + "]\n"
        case "predictions":
            yaml = "predictions: [" + names(20_000).joined(separator: ", ") + "]\n"
        case "ranges":
            let features = names(30_000)
            yaml = "features: [" + features.joined(separator: ", ") + "]\nranges: {"
                + features.map { "\($0): [0, 1]" }.joined(separator: ", ") + "}\n"
        case "scopes":
            let features = names(40_000)
            yaml = "features: [" + features.joined(separator: ", ") + "]\nalerts:\n"
                + features.suffix(8_000).map { "  - {metric: drift, scope: 'feature:\($0)', above: 0.2}\n" }.joined()
        default:
            yaml = "alerts:\n  - metric: drift\n    above: 0.2\n    action: [run, '"
                + String(repeating: "{", count: 40_000) + "}']\n"
        }
        let clock = ContinuousClock()
        let start = clock.now
        _ = try? MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
        let elapsed = clock.now - start
        #expect(elapsed < .seconds(5), "\(shape): \(elapsed)")
    }

    /// Yams reports the place of the first repeated key in sorted order, but a list used as a
    /// key, or a key repeated under two tags, does not sort: the key and place reported changed
    /// from one load of the same file to the next. Such a file gets its keys in a fixed order
    /// and no place.
    @Test(arguments: [
        ("? [a]\n: 1\n? [a]\n: 2\nmodel: m\nmodel: n\n",
         "duplicate key 'model', a key that is not a plain name in the same mapping"),
        ("1: a\n1: b\n'1': c\n'1': d\n", "duplicate key '1', '1' in the same mapping"),
    ])
    func repeatedKeysThatDoNotSortAreReportedAlike(yaml: String, message: String) {
        for _ in 0..<20 {
            #expect(throws: ConfigError(file: "m.yaml", message: message)) {
                try MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
            }
        }
    }

    @Test func everyPrefixOfTheExampleParsesOrFailsCleanly() {
        let text = MonitorConfigExampleTests.example
        var failures = 0
        var index = text.startIndex
        while index < text.endIndex {
            do {
                _ = try MonitorConfig.parse(yaml: String(text[..<index]), path: "m.yaml", environment: ["HOME": "/h"])
            } catch {
                failures += 1
                #expect(error.file == "m.yaml")
            }
            index = text.index(after: index)
        }
        // Cuts inside a key, a quoted string or a flow list are errors; many others are valid files.
        #expect(failures > 0)
        #expect(failures < text.count)
    }
}

/// A collection nested hundreds deep as a mapping key: Yams hashes keys recursively, and under
/// the address sanitizer the fuzzer's input overflowed the stack. Refused before Yams sees it.
struct DeepFlowKeyTests {
    @Test func aDeeplyNestedKeyIsRefusedWithItsPlace() {
        let yaml = "model: [[[[[?" + String(repeating: "[", count: 300) + "\n"
        #expect(throws: ConfigError.self) { _ = try MonitorConfig.parse(yaml: yaml, path: "modeltop.yaml", environment: [:]) }
        do {
            _ = try MonitorConfig.parse(yaml: yaml, path: "modeltop.yaml", environment: [:])
        } catch {
            #expect(error.description.contains("nested more than 64 levels deep"))
            #expect(error.description.hasPrefix("modeltop.yaml:1:"))
        }
        // 64 levels are fine as far as nesting goes.
        let shallow = "model: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n"
        #expect(AliasScan.firstHazard(in: shallow) == nil)
    }

    /// Block nesting is not flow nesting: a key 990 compact block lists deep (`? - - - x`) went
    /// past the scan to libyaml, whose own limit is 1000, and overflowed the stack under the
    /// address sanitizer while Yams hashed it. libyaml now stops at the same 64 levels.
    @Test(arguments: [
        "? " + String(repeating: "- ", count: 990) + "x\n: 1\n",
        "model:\n" + (1...80).map { String(repeating: " ", count: 2 * $0) + "-\n" }.joined(),
    ])
    func deepBlockNestingStopsAtTheSameDepth(yaml: String) {
        #expect {
            try MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
        } throws: { error in
            (error as? ConfigError)?.message == "YAML syntax error: nested more than 64 levels deep"
        }
    }

    @Test func blockNestingWithinTheLimitIsRead() throws {
        // 30 levels of block lists under a key: refused for its type, not for its depth.
        let yaml = "model:\n" + (1...30).map { String(repeating: " ", count: 2 * $0) + "-\n" }.joined()
        #expect {
            try MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
        } throws: { error in
            (error as? ConfigError)?.message == "'model' must be a text, got a list"
        }
    }
}

struct ConfigTrustTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
