import Foundation
import MonitorEngine
import MonitorMetrics

/// `--metrics-listen`: the exposition's settings from the configuration, and its server bound
/// before anything else starts, so that a bad address ends the command at once (exit 2).
enum MetricsEndpoint {
    static func start(_ address: String?, config: MonitorConfig) throws -> MetricsServer? {
        guard let address else { return nil }
        // The reference's bytes as they are now: agents of one fleet must share them.
        let sha256 = config.reference.flatMap { FileManager.default.contents(atPath: $0) }.map { SHA256.hex($0) }
        do {
            var exposition = MetricsExposition(referenceSHA256: sha256, categories: config.metricsCategories, model: config.model)
            exposition.bins = config.drift.bins
            return try MetricsServer(listen: address, exposition: exposition)
        } catch {
            throw CommandFailure.usage(error.message)
        }
    }
}
