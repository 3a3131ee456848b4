import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The real Alertmanager from Debian's `prometheus-alertmanager`, on a free loopback port with
/// its own storage directory and clustering off, routing everything to a receiver that sends
/// nothing. `stop()` (or dropping the value) ends it and waits: no test leaves it running.
final class AlertmanagerServer {
    static let binary = "/usr/bin/prometheus-alertmanager"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }
    /// CI must run these tests: there a missing binary is a failure, not a skip.
    static var isCI: Bool { ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "") }
    static let skipMessage = "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager): "
        + "the Alertmanager tests are skipped outside CI"

    struct Missing: Error, CustomStringConvertible {
        var description: String { "\(AlertmanagerServer.binary) is missing: install prometheus-alertmanager (CI=true makes this a failure)" }
    }

    struct NotReady: Error, CustomStringConvertible {
        var description: String
    }

    let directory: String
    let port: Int
    private var process: Process?

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a server in `directory` (its config, storage and log live there) on `port`, or a
    /// free one.
    init(directory: String, port: Int? = nil) throws {
        guard Self.isInstalled else { throw Missing() }
        self.directory = directory
        self.port = try port ?? Self.freePort()
        try start()
    }

    deinit { stop() }

    /// Starts (again, after `stop()`) on the same port and storage.
    func start() throws {
        guard process == nil else { return }
        let config = (directory as NSString).appendingPathComponent("alertmanager.yml")
        try """
            route:
              receiver: "null"
            receivers:
              - name: "null"

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = (directory as NSString).appendingPathComponent("alertmanager.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        output.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "--config.file=\(config)",
            "--storage.path=\((directory as NSString).appendingPathComponent("data"))",
            "--web.listen-address=127.0.0.1:\(port)",
            "--cluster.listen-address=",
        ]
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if !process.isRunning {
                self.process = nil
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw NotReady(description: "Alertmanager exited with \(process.terminationStatus): \(text.suffix(2_000))")
            }
            if let (status, _) = request("GET", "/-/ready"), status == 200 { return }
            usleep(100_000)
        }
        stop()
        throw NotReady(description: "Alertmanager on port \(port) was not ready within 30 s")
    }

    /// Ends the server (SIGTERM, then SIGKILL after 10 s) and waits for it.
    func stop() {
        guard let process else { return }
        self.process = nil
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A request to the server: the status and body, `nil` when it did not answer.
    func request(_ method: String, _ path: String, json: String? = nil) -> (Int, Data)? {
        guard let url = URL(string: url + path) else { return nil }
        var request = URLRequest(url: url, timeoutInterval: 5)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        final class Box: @unchecked Sendable { var value: (Int, Data)? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let response = response as? HTTPURLResponse { box.value = (response.statusCode, data ?? Data()) }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 6)
        return box.value
    }

    /// `GET path` as JSON.
    func json(_ path: String) -> Any? {
        guard let (status, data) = request("GET", path), status == 200 else { return nil }
        return try? JSONSerialization.jsonObject(with: data)
    }

    /// The alerts Alertmanager holds (`GET /api/v2/alerts`).
    func alerts() -> [[String: Any]] { json("/api/v2/alerts") as? [[String: Any]] ?? [] }

    /// Its silences (`GET /api/v2/silences`), every state.
    func silences() -> [[String: Any]] { json("/api/v2/silences") as? [[String: Any]] ?? [] }

    /// The value of a counter of `/metrics` (the first line starting with `prefix`), 0 when absent.
    func metric(_ prefix: String) -> Double {
        guard let (status, data) = request("GET", "/metrics"), status == 200 else { return 0 }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(prefix) {
            return Double(line.split(separator: " ").last ?? "") ?? 0
        }
        return 0
    }

    /// A port nothing listens on now (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw NotReady(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw NotReady(description: "bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits up to `seconds` for `condition`; returns whether it came true.
    static func waitUntil(_ seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}
