import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MonitorEngine

/// Requests to Alertmanager's API v2, one at a time, waited for on the calling thread (the
/// delivery thread, or a command): Foundation's URLSession, no other HTTP stack.
public final class AlertmanagerClient: Sendable {
    /// How a request ended.
    public enum Outcome: Sendable {
        /// A 2xx answer and its body.
        case accepted(Data)
        /// A 4xx answer other than 408 and 429: the request cannot succeed as it is.
        case refused(String)
        /// No answer, or one worth trying again (5xx, 408, 429): the reason, short.
        case failed(String)
    }

    public let baseURL: String
    private let timeoutSeconds: Double
    private let session: URLSession

    public init(baseURL: String, timeoutSeconds: Double) {
        self.baseURL = baseURL
        self.timeoutSeconds = timeoutSeconds
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        configuration.httpMaximumConnectionsPerHost = 1
        session = URLSession(configuration: configuration)
    }

    /// Sends `method path` with a JSON `body` and waits (at most the timeout, and a second) for
    /// the answer.
    public func send(_ method: String, _ path: String, body: String? = nil) -> Outcome {
        guard let url = URL(string: baseURL + path) else { return .refused("bad URL \(baseURL + path)") }
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let answer = LockedValue<Outcome?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            let outcome: Outcome
            if let error {
                outcome = .failed(Self.reason(error))
            } else if let response = response as? HTTPURLResponse {
                let data = data ?? Data()
                switch response.statusCode {
                case 200..<300:
                    outcome = .accepted(data)
                case 408, 429, 500...:
                    outcome = .failed("HTTP \(response.statusCode)" + Self.excerpt(data))
                default:
                    outcome = .refused("HTTP \(response.statusCode)" + Self.excerpt(data))
                }
            } else {
                outcome = .failed("no HTTP answer")
            }
            answer.withLock { $0 = outcome }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeoutSeconds + 1) == .timedOut {
            task.cancel()
            return .failed("timed out after \(ActionTemplate.number(timeoutSeconds))s")
        }
        return answer.withLock { $0 } ?? .failed("no answer")
    }

    /// `connection refused`, `timed out`, `host not found`: what a person on call needs.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? URLError else { return (error as NSError).localizedDescription }
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .timedOut: return "timed out"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "connection lost"
        case .notConnectedToInternet: return "network unreachable"
        default: return error.localizedDescription
        }
    }

    /// `: silence not found`: the start of an error answer's body, on one line.
    private static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "" : ": " + SafeText.sanitized(text)
    }
}
