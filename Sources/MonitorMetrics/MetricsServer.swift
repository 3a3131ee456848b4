import FlyingFox
import FlyingSocks
import Foundation
import MonitorEngine

/// Where the exposition's numbers come from: the engine on its thread (``LiveEngine``).
public protocol MetricsSource: AnyObject, Sendable {
    /// Asks for the counts since start; returns the generation the answer will be newer than.
    func requestRunningTotals() -> Int
    func runningTotals() -> (generation: Int, totals: RunningTotals?, input: InputTally)
    /// The live window's latest snapshot (not the time cursor's).
    func latestLiveSnapshot() -> Snapshot?
}

extension LiveEngine: MetricsSource {}

/// `--metrics-listen HOST:PORT`: `GET /metrics` (the Prometheus text format, or OpenMetrics when
/// the scraper asks for it) and `GET /-/healthy`, served by FlyingFox on tasks of their own.
///
/// A scrape asks the engine thread for its counts since start and waits for them at most a
/// second (the engine, woken, answers at its next turn), then writes them on the scrape's own
/// task: the engine never waits for a scrape, and scrapes cost it at most one sum of its held
/// buckets a second.
public final class MetricsServer: Sendable {
    private let server: HTTPServer
    private let task: Task<Void, Never>
    private let source = LockedValue<(any MetricsSource)?>(nil)
    private let exposition: LockedValue<MetricsExposition>
    private let marks = LockedValue(MetricsExposition.HighWaterMarks())
    /// The address bound, as `HOST:PORT` (the port the system chose for port 0).
    public let boundAddress: String

    /// Binds `address` and starts serving (503 until ``attach(_:)``). Throws a message a person
    /// can act on when the address is not HOST:PORT, taken or not permitted.
    public init(listen address: String, exposition: MetricsExposition) throws(MetricsListenError) {
        let parsed = try ListenAddress(parsing: address)
        self.exposition = LockedValue(exposition)
        let server: HTTPServer
        switch parsed.family {
        case .ipv4(let host):
            guard let socketAddress = try? sockaddr_in.inet(ip4: host, port: parsed.port) else {
                throw MetricsListenError(message: "--metrics-listen \(address): '\(host)' is not an IPv4 address")
            }
            server = HTTPServer(address: socketAddress, timeout: 15, logger: Self.quiet)
        case .ipv6(let host):
            guard let socketAddress = try? sockaddr_in6.inet6(ip6: host, port: parsed.port) else {
                throw MetricsListenError(message: "--metrics-listen \(address): '\(host)' is not an IPv6 address")
            }
            server = HTTPServer(address: socketAddress, timeout: 15, logger: Self.quiet)
        }
        self.server = server
        let started = DispatchSemaphore(value: 0)
        let failure = LockedValue<String?>(nil)
        task = Task.detached {
            do {
                try await server.run()
            } catch {
                failure.withLock { $0 = Self.describe(error) }
                started.signal()
            }
        }
        let source = self.source
        let exposition = self.exposition
        let marks = self.marks
        let waiting = Task.detached {
            await server.appendRoute("GET /metrics") { request in
                await Self.scrape(request, source: source, exposition: exposition, marks: marks)
            }
            await server.appendRoute("GET /-/healthy") { _ in
                HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("modeltop is healthy.\n".utf8))
            }
            if (try? await server.waitUntilListening(timeout: 10)) != nil { started.signal() }
        }
        _ = started.wait(timeout: .now() + 10)
        waiting.cancel()
        if let message = failure.withLock({ $0 }) {
            throw MetricsListenError(message: "--metrics-listen \(address): \(message)")
        }
        let port = Self.listeningPort(server) ?? parsed.port
        boundAddress = parsed.hostText + ":" + String(port)
        guard Self.listeningPort(server) != nil else {
            task.cancel()
            throw MetricsListenError(message: "--metrics-listen \(address): the server did not start listening")
        }
    }

    /// Serves the engine's numbers from now on.
    public func attach(_ engine: any MetricsSource) {
        source.withLock { $0 = engine }
    }

    /// Stops listening and ends the connections.
    public func stop() {
        let server = self.server
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await server.stop(timeout: 1)
            done.signal()
        }
        _ = done.wait(timeout: .now() + 3)
        task.cancel()
    }

    /// FlyingFox logs to stdout by default: over the dashboard's screen.
    private static let quiet: any Logging = .disabled

    private static func listeningPort(_ server: HTTPServer) -> UInt16? {
        let found = LockedValue<UInt16?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            if let address = await server.listeningAddress {
                switch address {
                case .ip4(_, let port), .ip6(_, let port): found.withLock { $0 = port }
                default: break
                }
            }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 5)
        return found.withLock { $0 }
    }

    static func scrape(_ request: HTTPRequest, source: LockedValue<(any MetricsSource)?>,
                       exposition: LockedValue<MetricsExposition>,
                       marks: LockedValue<MetricsExposition.HighWaterMarks>) async -> HTTPResponse {
        guard let engine = source.withLock({ $0 }) else {
            return HTTPResponse(statusCode: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("modeltop is starting\n".utf8))
        }
        let format = ExpositionWriter.Format.accepting(request.headers[HTTPHeader("Accept")])
        let asked = engine.requestRunningTotals()
        var answer = engine.runningTotals()
        let deadline = Date().addingTimeInterval(1)
        while answer.generation <= asked, Date() < deadline {
            try? await Task.sleep(nanoseconds: 5_000_000)
            answer = engine.runningTotals()
        }
        let snapshot = engine.latestLiveSnapshot()
        let settings = exposition.withLock { $0 }
        let text = marks.withLock { marks in
            settings.render(totals: answer.totals, input: answer.input, snapshot: snapshot, format: format, marks: &marks).text
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: format.contentType], body: Data(text.utf8))
    }

    static func describe(_ error: any Error) -> String {
        if let socketError = error as? SocketError, case .failed(_, let errno, let message) = socketError {
            switch errno {
            case EADDRINUSE: return "the port is in use"
            case EACCES: return "not permitted (ports below 1024 need privileges)"
            case EADDRNOTAVAIL: return "no interface of this machine has that address"
            default: return message
            }
        }
        return "\(error)"
    }
}

/// A bad `--metrics-listen`: not HOST:PORT, or an address that cannot be bound.
public struct MetricsListenError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (every IPv4 interface). A host name is looked up
/// (its first IPv4 address); `localhost` is 127.0.0.1.
struct ListenAddress: Sendable, Equatable {
    enum Family: Sendable, Equatable {
        case ipv4(String)
        case ipv6(String)
    }

    var family: Family
    var port: UInt16

    var hostText: String {
        switch family {
        case .ipv4(let host): host
        case .ipv6(let host): "[\(host)]"
        }
    }

    init(parsing text: String) throws(MetricsListenError) {
        let usage = "--metrics-listen takes HOST:PORT (127.0.0.1:9464, [::1]:9464, :9464), got '\(text)'"
        guard let colon = text.lastIndex(of: ":") else { throw MetricsListenError(message: usage) }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
              let port = UInt16(portText) else {
            throw MetricsListenError(message: usage)
        }
        self.port = port
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard !host.isEmpty else { throw MetricsListenError(message: usage) }
            family = .ipv6(host)
            return
        }
        guard !host.contains(":") else { throw MetricsListenError(message: usage + ": an IPv6 address goes in brackets") }
        if host.isEmpty { family = .ipv4("0.0.0.0"); return }
        if host == "localhost" { family = .ipv4("127.0.0.1"); return }
        var address = in_addr()
        if inet_pton(AF_INET, host, &address) == 1 { family = .ipv4(host); return }
        guard let resolved = Self.lookUp(host) else {
            throw MetricsListenError(message: "--metrics-listen \(text): no IPv4 address found for '\(host)'")
        }
        family = .ipv4(resolved)
    }

    private static func lookUp(_ host: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let socketAddress = first.pointee.ai_addr else { return nil }
        return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer -> String? in
            var address = pointer.pointee.sin_addr
            var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &address, &buffer, socklen_t(INET_ADDRSTRLEN)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
