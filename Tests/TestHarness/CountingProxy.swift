import Foundation
import Testing

/// A plain-HTTP proxy in front of one API server that counts requests in flight: what the server would see at most
/// at once from peng. A small python3 program; it ends with the test process (it watches its parent).
public final class CountingProxy: Sendable {
    let running: ChildProcess.Running
    public let port: Int
    let statsFile: URL

    static let script = #"""
        import http.client, http.server, os, socketserver, ssl, sys, threading, time, json
        upstream_host, upstream_port, ca, port_file, stats_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        parent = os.getppid()
        def watch_parent():
            while os.getppid() == parent: time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watch_parent, daemon=True).start()
        context = ssl.create_default_context(cafile=ca)
        lock = threading.Lock()
        state = {"inflight": 0, "max": 0, "requests": 0}
        local = threading.local()
        def upstream():
            if getattr(local, "conn", None) is None:
                local.conn = http.client.HTTPSConnection(upstream_host, upstream_port, context=context, timeout=120)
            return local.conn
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    state["inflight"] += 1; state["requests"] += 1
                    state["max"] = max(state["max"], state["inflight"])
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type", "accept", "user-agent")}
                    for attempt in range(2):
                        try:
                            conn = upstream()
                            conn.request(self.command, self.path, body=body or None, headers=headers)
                            response = conn.getresponse(); data = response.read(); break
                        except (http.client.HTTPException, OSError):
                            local.conn = None
                            if attempt: raise
                finally:
                    with lock:
                        state["inflight"] -= 1
                        snapshot = json.dumps(state)
                    with open(stats_file + ".tmp-%d" % threading.get_ident(), "w") as f: f.write(snapshot)
                    os.replace(stats_file + ".tmp-%d" % threading.get_ident(), stats_file)
                self.send_response(response.status)
                self.send_header("Content-Type", response.getheader("Content-Type") or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward
            def log_message(self, *args): pass
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
        server = Server(("127.0.0.1", 0), Handler)
        open(port_file + ".tmp", "w").write(str(server.server_address[1]))
        os.replace(port_file + ".tmp", port_file)
        server.serve_forever()
        """#

    /// Starts the proxy in front of `server` (an https URL), trusting `caFile`.
    public static func start(inFrontOf server: String, caFile: String) async throws -> CountingProxy {
        let url = try #require(URL(string: server))
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peng-proxy-\(UUID().uuidString)")
        let portFile = base.appendingPathExtension("port"), statsFile = base.appendingPathExtension("stats")
        let running = try ChildProcess.Running(URL(fileURLWithPath: "/usr/bin/env"),
                                               ["python3", "-c", script, url.host ?? "127.0.0.1", String(url.port ?? 443), caFile,
                                                portFile.path, statsFile.path])
        let listening = try await running.waitForOutput(within: .seconds(120)) { _, _ in FileManager.default.fileExists(atPath: portFile.path) }
        try #require(listening, "the counting proxy did not start: \(running.stderr)")
        let port = try #require(Int((try? String(contentsOf: portFile, encoding: .utf8)) ?? ""))
        return CountingProxy(running: running, port: port, statsFile: statsFile)
    }

    init(running: ChildProcess.Running, port: Int, statsFile: URL) {
        self.running = running
        self.port = port
        self.statsFile = statsFile
    }

    /// The most requests that were in flight at once, and how many there were.
    public var stats: (maxInFlight: Int, requests: Int) {
        guard let data = try? Data(contentsOf: statsFile),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else { return (0, 0) }
        return (object["max"] ?? 0, object["requests"] ?? 0)
    }

    public func stop() { running.signal(SIGKILL) }
}
