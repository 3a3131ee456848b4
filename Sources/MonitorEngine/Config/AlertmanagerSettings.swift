import Foundation

/// Where firing alerts are delivered (`alertmanager:`; fleet.md "Alertmanager delivery",
/// docs/alertmanager.md): an Alertmanager's base URL, labels added to every alert, how often a
/// firing alert is re-posted and how long one request may take.
public struct AlertmanagerSettings: Sendable, Equatable {
    /// The base URL, `http://host:port` (a path prefix is kept: `http://host/alertmanager`),
    /// without a trailing slash.
    public var url: String
    /// Labels added to every alert (`team: ml-platform`); never one of the labels modeltop sets.
    public var labels: [String: String] = [:]
    /// Seconds between re-posts of a firing alert (`repeat`): Alertmanager resolves an alert not
    /// repeated within its `resolve_timeout` (5 minutes by default).
    public var repeatSeconds: Double = 60
    /// Seconds one request may take (`timeout`).
    public var timeoutSeconds: Double = 10

    /// The labels modeltop sets on every alert; the configured ones may not use these names.
    public static let reservedLabels = ["alertname", "scope", "model", "severity"]

    /// Settings for `url` with the documented defaults.
    public init(url: String) {
        self.url = url
    }

    /// Why `text` is not a usable Alertmanager URL, or `nil` when it is: `http://` or
    /// `https://`, a host, an optional port, an optional path; no query, fragment or user.
    public static func problem(url text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return "'\(text)' is not a URL (write it as http://host:9093)"
        }
        guard scheme == "http" || scheme == "https" else {
            return "'\(text)' must start with http:// or https://"
        }
        guard let host = components.host, !host.isEmpty else {
            return "'\(text)' names no host (write it as http://host:9093)"
        }
        if let port = components.port, !(1...65_535).contains(port) {
            return "'\(text)' has port \(port), which is not between 1 and 65535"
        }
        if components.query != nil || components.fragment != nil || components.user != nil || components.password != nil {
            return "'\(text)' must be a base URL only: no query, fragment or user name"
        }
        return nil
    }

    /// Whether `name` is a label name Alertmanager accepts (`[a-zA-Z_][a-zA-Z0-9_]*`).
    public static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}

extension MonitorConfig {
    /// The `model` label of alerts sent to Alertmanager: `model`, else `default` (the name the
    /// alert store's file takes too).
    public var alertmanagerModel: String { model ?? "default" }
}
