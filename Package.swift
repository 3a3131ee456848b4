// swift-tools-version: 6.1
// modeltop: a live terminal dashboard for machine-learning models in production.
// Module map and import rules: ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "modeltop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "modeltop", targets: ["modeltop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // Pure statistics: binning, drift metrics, performance metrics. Foundation only.
        .target(name: "DriftStats"),
        // Following files, decoding, configuration, the reference, the engine and its snapshots:
        // everything on the per-record path, in one module so that nothing there crosses one.
        .target(
            name: "MonitorEngine",
            dependencies: [
                "DriftStats",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Alert rules: a rule's value per scope, default rules, adaptive thresholds, the CI gate.
        .target(name: "MonitorRules", dependencies: ["MonitorEngine", "DriftStats"]),
        // The report: JSON, Markdown and text from a snapshot (and the gate's verdict).
        .target(name: "MonitorReport", dependencies: ["MonitorEngine", "MonitorRules", "DriftStats"]),
        // Alert states, acknowledgements, silences, the SQLite store and actions (the only GRDB
        // importer, so SQLite stays out of the dashboard's link graph); alerts are written with
        // the report's keys.
        .target(
            name: "MonitorAlerts",
            dependencies: [
                "MonitorEngine",
                "MonitorRules",
                "MonitorReport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The metrics exposition (fleet.md): the running totals as Prometheus text, served over
        // HTTP by FlyingFox (small, Swift concurrency, no SwiftNIO: seconds to build on CI).
        .target(
            name: "MonitorMetrics",
            dependencies: [
                "MonitorEngine",
                "DriftStats",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        // The screen model: a Buffer of styled cells, widgets, views, keys as update(model, message).
        .target(
            name: "Dashboard",
            dependencies: [
                "MonitorEngine",
                "DriftStats",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // libncursesw, behind a shim header (the only C boundary).
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The terminal's signal handlers and their one copy of state (async-signal-safe C).
        .target(name: "CTerminalSignals"),
        // The ncurses backend: the only code that calls curses.
        .target(name: "CursesTerminal", dependencies: ["CNCursesW", "CTerminalSignals", "Dashboard"]),
        // The synthetic scenarios behind `generate`, `demo` and the benchmarks (card fraud; card
        // tiers and house prices for the multiclass and regression tasks).
        .target(name: "SampleScenario", dependencies: ["DriftStats"]),
        .executableTarget(
            name: "modeltop",
            dependencies: [
                "MonitorEngine",
                "MonitorRules",
                "MonitorReport",
                "MonitorAlerts",
                "MonitorMetrics",
                "SampleScenario",
                "Dashboard",
                "CursesTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets for the decoders and loaders (Fuzz/, Benchmarks/fuzz.sh builds it with
        // -sanitize=fuzzer,address -D FUZZING). An ordinary build makes a replayer of saved inputs.
        .executableTarget(name: "modeltop-fuzz", dependencies: ["MonitorEngine", "Dashboard"]),
        .testTarget(name: "DriftStatsTests", dependencies: ["DriftStats"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "MonitorEngineTests",
            dependencies: ["MonitorEngine", "MonitorRules", "MonitorReport", "MonitorAlerts", "DriftStats", "SampleScenario"],
            exclude: ["Report/Golden", "Live/Fixtures"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "MonitorEngine", "DriftStats"], resources: [.copy("Golden")]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "Dashboard"]),
        .testTarget(name: "SampleScenarioTests", dependencies: ["SampleScenario"]),
        .testTarget(name: "ModeltopTests", dependencies: ["modeltop", "MonitorEngine", "MonitorAlerts", "Dashboard"]),
        .testTarget(name: "MonitorMetricsTests", dependencies: ["MonitorMetrics", "MonitorEngine", "DriftStats", "SampleScenario"]),
    ]
)
