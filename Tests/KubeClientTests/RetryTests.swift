import Foundation
import KubeClient
import Testing
import TestHarness

/// Retries against a small local HTTP server that answers badly on purpose (python3's http.server).
@Suite("retries")
struct RetryTests {
    /// Serves GET /version: the first `failures` answers use `status` (with `Retry-After: 1` for 429), then 200.
    /// Writes the number of requests it saw to `count`. It lives until the test stops it or the test process ends
    /// (it watches its parent), never on a timer of its own.
    final class FlakyServer: Sendable {
        let running: ChildProcess.Running
        let port: Int
        let countFile: URL

        static let script = """
            import http.server, os, socketserver, sys, threading, time
            parent = os.getppid()
            def watch_parent():  # end with the test process, however it ends
                while os.getppid() == parent: time.sleep(0.5)
                os._exit(0)
            threading.Thread(target=watch_parent, daemon=True).start()
            status, failures, count_file, port_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
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
            open(port_file + ".tmp", "w").write(str(server.server_address[1]))
            os.rename(port_file + ".tmp", port_file)
            server.serve_forever()
            """

        /// Starts the server and returns once it listens (it writes its port to a file when it does).
        static func start(status: Int, failures: Int) async throws -> FlakyServer {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("peng-flaky-\(UUID().uuidString)")
            let countFile = base.appendingPathExtension("count"), portFile = base.appendingPathExtension("port")
            let running = try ChildProcess.Running(URL(fileURLWithPath: "/usr/bin/env"),
                                                   ["python3", "-c", script, String(status), String(failures), countFile.path, portFile.path])
            let listening = try await running.waitForOutput(within: .seconds(120)) { _, _ in
                FileManager.default.fileExists(atPath: portFile.path)
            }
            try #require(listening, "the test server did not start: \(running.stderr)")
            let port = try #require(Int((try? String(contentsOf: portFile, encoding: .utf8)) ?? ""))
            return FlakyServer(running: running, port: port, countFile: countFile)
        }

        init(running: ChildProcess.Running, port: Int, countFile: URL) {
            self.running = running
            self.port = port
            self.countFile = countFile
        }

        var requests: Int { Int((try? String(contentsOf: countFile, encoding: .utf8)) ?? "0") ?? 0 }

        /// SIGKILL: the test process blocks SIGTERM, and children inherit that mask.
        func stop() { running.signal(SIGKILL) }

        func client() throws -> KubeClient {
            var options = KubeClient.Options()
            options.initialBackoff = .milliseconds(50)
            return try KubeClient(connection: ClusterConnection(context: "flaky", server: "http://127.0.0.1:\(port)"), options: options)
        }
    }

    @Test("429 is retried after the server's Retry-After")
    func tooManyRequests() async throws {
        let server = try await FlakyServer.start(status: 429, failures: 1)
        defer { server.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try await server.client().serverVersion() == "v9.9.9")
        #expect(clock.now - started >= .seconds(1))
        #expect(server.requests == 2)
    }

    @Test("server errors are retried with backoff, up to the attempt limit, then reported")
    func serverErrors() async throws {
        let recovering = try await FlakyServer.start(status: 503, failures: 3)
        defer { recovering.stop() }
        #expect(try await recovering.client().serverVersion() == "v9.9.9")
        #expect(recovering.requests == 4)

        let broken = try await FlakyServer.start(status: 500, failures: 100)
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
        let server = try await FlakyServer.start(status: 422, failures: 100)
        defer { server.stop() }
        await #expect(throws: KubeError.self) { try await server.client().serverVersion() }
        #expect(server.requests == 1)
    }
}
