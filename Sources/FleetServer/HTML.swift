import FleetModel
import FleetService
import Foundation

/// Server-rendered pages: plain HTML and CSS, usable without JavaScript; pages that show live state refresh themselves.
/// Every page is `Markup`: what it interpolates is escaped unless it is markup already.
enum HTML {
    static func page(_ title: String, viewer: Viewer?, refresh: Int? = nil, style extra: Markup = .empty, _ body: Markup) -> Markup {
        let refreshTag: Markup = refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? .empty
        let nav: Markup = viewer.map { viewer in
            """
            <nav><a href="/">Fleet</a> <a href="/history">Rollouts</a> <a href="/orders/new">Order a product</a> <a href="/insights">Insights</a> <a href="/board">Blue Board</a>
            <span class="who">\(viewer.user)</span>
            <form method="post" action="/logout" class="inline"><button>Sign out</button></form></nav>
            """
        } ?? .empty
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title) · peng</title>\(refreshTag)
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>\(style)\(extra)</style></head>
            <body><header><h1>peng</h1>\(nav)</header><main>
            \(body)
            </main></body></html>
            """
    }

    /// Text or a dash.
    static func text(_ value: String?) -> Markup { "\(value ?? "–")" }

    static func time(_ seconds: Int?) -> String {
        guard let seconds else { return "–" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        return seconds < 60 ? String(format: "%.1f s", seconds) : String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    }

    enum Badge: String { case ok, fail, pending }

    static func badge(_ text: String, _ kind: Badge) -> Markup { "<span class=\"badge \(kind.rawValue)\">\(text)</span>" }

    static let style = Markup.trusted("""
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f4f6f9}
        header{background:#1d2330;color:#fff;padding:.5rem 1rem;display:flex;gap:2rem;align-items:center}
        header h1{font-size:1.2rem;margin:0} nav a{color:#cfe0ff;margin-right:1rem} .who{color:#aab;margin:0 1rem}
        main{padding:1rem} .inline{display:inline} button{cursor:pointer}
        .banner{padding:.6rem 1rem;border-radius:6px;margin:.5rem 0} .warn{background:#fff3cd} .bad{background:#f8d7da} .info{background:#e2ecff}
        .stages{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
        .stage h2{font-size:1.05rem;border-bottom:2px solid #c8d0dc;padding-bottom:.3rem}
        .card{background:#fff;border-radius:8px;padding:.7rem 1rem;margin-bottom:.8rem;box-shadow:0 1px 2px #0002}
        .card h3{margin:.1rem 0 .4rem;font-size:1rem} dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:0}
        dt{color:#667} dd{margin:0} table{border-collapse:collapse;background:#fff;width:100%;margin:.5rem 0}
        th,td{border-bottom:1px solid #e3e7ee;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
        .badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.85rem} .ok{background:#d1f0d9} .fail{background:#f8d7da}
        .pending{background:#fff3cd} .muted{color:#778} label{display:block;margin:.5rem 0 .1rem} input,select{padding:.2rem}
        """)
}
