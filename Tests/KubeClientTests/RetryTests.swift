import Foundation
import KubeClient
import Testing

/// Retries against a small local HTTP server that answers badly on purpose (python3's http.server).
@Suite("retries")
struct RetryTests {
    /// Serves GET /version: the first `failures` answers use `status` (with `Retry-After: 1` for 429), then 200.
    /// Writes the number of requests it saw to `count`.
    final class FlakyServer {
        let process = Process()
        let port: Int
        let countFile: URL

        init(status: Int, failures: Int) throws {
            countFile = FileManager.default.temporaryDirectory.appendingPathComponent("peng-flaky-\(UUID().uuidString)")
            let script = """
                import http.server, os, socketserver, sys, threading
                threading.Timer(60, os._exit, [0]).start()  # never outlive a test run
                status, failures, count_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
                seen = [0]
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        seen[0] += 1
                        open(count_file, "w").write(str(seen[0]))
                        if seen[0] <= failures:
                            self.send_response(status)
                            if status == 429: self.send_header("Retry-After", "1")
                            body = b'{"kind":"Status","code":%d,"message":"try later"}' % status
                        else:
                            self.send_response(200)
                            body = b'{"gitVersion":"v9.9.9"}'
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    def log_message(self, *args): pass
                server = socketserver.TCPServer(("127.0.0.1", 0), Handler)
                print(server.server_address[1], flush=True)
                server.serve_forever()
                """
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, String(status), String(failures), countFile.path]
            let out = Pipe()
            process.standardOutput = out
            // Not the test's own stderr: a child holding it would keep `swift test` waiting after the tests end.
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                line.append(chunk)
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        var requests: Int { Int((try? String(contentsOf: countFile, encoding: .utf8)) ?? "0") ?? 0 }

        /// SIGKILL: the test process blocks SIGTERM, and children inherit that mask.
        func stop() { kill(process.processIdentifier, SIGKILL) }

        func client() throws -> KubeClient {
            var options = KubeClient.Options()
            options.initialBackoff = .milliseconds(50)
            return try KubeClient(connection: ClusterConnection(context: "flaky", server: "http://127.0.0.1:\(port)"), options: options)
        }
    }

    @Test("429 is retried after the server's Retry-After")
    func tooManyRequests() async throws {
        let server = try FlakyServer(status: 429, failures: 1)
        defer { server.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try await server.client().serverVersion() == "v9.9.9")
        #expect(clock.now - started >= .seconds(1))
        #expect(server.requests == 2)
    }

    @Test("server errors are retried with backoff, up to the attempt limit, then reported")
    func serverErrors() async throws {
        let recovering = try FlakyServer(status: 503, failures: 3)
        defer { recovering.stop() }
        #expect(try await recovering.client().serverVersion() == "v9.9.9")
        #expect(recovering.requests == 4)

        let broken = try FlakyServer(status: 500, failures: 100)
        defer { broken.stop() }
        await #expect {
            try await broken.client().serverVersion()
        } throws: { error in
            (error as? KubeError)?.code == .serverError && (error as? KubeError)?.message == "try later"
        }
        #expect(broken.requests == 5)
    }

    @Test("client errors are not retried")
    func clientErrors() async throws {
        let server = try FlakyServer(status: 422, failures: 100)
        defer { server.stop() }
        await #expect(throws: KubeError.self) { try await server.client().serverVersion() }
        #expect(server.requests == 1)
    }
}
