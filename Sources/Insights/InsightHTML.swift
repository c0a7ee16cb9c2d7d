import FleetModel

/// A self-contained HTML report: inline CSS, inline SVG charts, no scripts and no external assets, so it opens
/// offline and can be mailed. Every bar carries its data (`data-series`, `data-category`, `data-value`) and a
/// tooltip; each chart's numbers are also in the table below it.
public enum InsightHTML {
    public static func document(_ view: InsightView) -> Markup {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(view.title)</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(documentStyle + style)</style></head>
        <body><main>
        <h1>\(view.title)</h1>
        \(section(view))
        </main></body></html>

        """
    }

    /// The report's body, for a page of its own or the dashboard.
    public static func section(_ view: InsightView) -> Markup {
        var out: Markup = "<section class=\"insights\">\n"
        if !view.notes.isEmpty {
            out += "<ul class=\"notes\">\(view.notes.map { "<li>\($0)</li>" as Markup }.joined())</ul>\n"
        }
        if let board = view.board { out += self.board(board) }
        out += "<div class=\"charts\">\n\(view.charts.map(InsightSVG.render).joined(separator: "\n"))\n</div>\n"
        for table in view.tables { out += self.table(table) }
        return out + "</section>"
    }

    static func board(_ board: InsightBoard) -> Markup {
        var out: Markup = "<h2 id=\"\(board.id)\">\(board.title)</h2>\n<div class=\"board\" data-board=\"\(board.id)\">\n"
        for column in board.columns {
            out += "<div class=\"column\" data-column=\"\(column.title)\"><h3>\(column.title) <span>\(column.cards.count)</span></h3>\n"
            for card in column.cards {
                out += "<article class=\"card \(card.colour)\" data-key=\"\(card.key)\" data-colour=\"\(card.colour)\"><p class=\"key\"><b>\(card.key)</b>"
                if let flag = card.flag { out += " <span class=\"flag\">\(flag)</span>" }
                out += "</p><p class=\"title\">\(card.title)</p>"
                out += card.lines.map { "<p>\($0)</p>" as Markup }.joined() + "</article>\n"
            }
            out += "</div>\n"
        }
        return out + "</div>\n"
    }

    static func table(_ table: InsightTable) -> Markup {
        var out: Markup = "<h2 id=\"\(table.id)\">\(table.title)</h2>\n"
        guard !table.rows.isEmpty else { return out + "<p class=\"empty\">\(table.empty)</p>\n" }
        out += "<table data-table=\"\(table.id)\"><thead><tr>"
        out += table.columns.map { "<th>\($0)</th>" as Markup }.joined() + "</tr></thead><tbody>\n"
        for row in table.rows {
            out += "<tr>" + row.enumerated().map { index, cell -> Markup in
                index > 0 && InsightText.isNumeric(cell) ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    public static let style = Markup.trusted("""
        .insights{font-family:system-ui,sans-serif;color:#1d2330} .insights h2{font-size:1.05rem;margin:1.4rem 0 .3rem}
        .insights .notes{background:#e2ecff;border-radius:6px;padding:.6rem 1.6rem;margin:.5rem 0}
        .insights .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:1rem}
        .insights figure{background:#fff;border-radius:8px;margin:0;padding:.5rem .8rem;box-shadow:0 1px 2px #0002}
        .insights figcaption{font-weight:600;margin-bottom:.3rem} .insights svg{width:100%;height:auto}
        .insights svg text{font-size:11px;fill:#445} .insights table{border-collapse:collapse;background:#fff;margin:.3rem 0}
        .insights th,.insights td{border-bottom:1px solid #e3e7ee;padding:.25rem .6rem;text-align:left;font-size:.9rem}
        .insights td.n{text-align:right;font-variant-numeric:tabular-nums} .insights .empty{color:#778}
        .insights .board{display:grid;grid-template-columns:repeat(3,minmax(220px,1fr));gap:.8rem;align-items:start}
        .insights .column{background:#e8ebf1;border-radius:8px;padding:.4rem .6rem} .insights .column h3{font-size:.95rem;margin:.2rem 0 .5rem}
        .insights .card{border-radius:4px;padding:.4rem .6rem;margin:0 0 .5rem;box-shadow:0 1px 2px #0003;font-size:.85rem}
        .insights .card p{margin:.15rem 0} .insights .card .title{font-weight:600}
        .insights .card.yellow{background:#fff3a8} .insights .card.green{background:#c9f0c2}
        .insights .card .flag{background:#1d2330;color:#fff;border-radius:3px;padding:0 .3rem;font-size:.75rem}
        """)

    static let documentStyle = Markup.trusted("body{margin:0;background:#f4f6f9} main{padding:1rem 1.5rem} h1{font-family:system-ui,sans-serif;font-size:1.4rem}")
}

/// One chart as inline SVG: bars scaled to a rounded maximum, an axis with three ticks, a legend.
enum InsightSVG {
    static let palette = ["#3b6fd8", "#f0a030", "#4bb37a", "#d9534f", "#8e6cc9"]

    static func render(_ chart: InsightChart) -> Markup {
        let width = 560.0, height = 260.0, left = 44.0, right = 12.0, top = 30.0, bottom = chart.kind == .horizontal ? 20.0 : 56.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let totals = chart.categories.indices.map { index in
            chart.kind == .stacked ? chart.series.reduce(0) { $0 + $1.values[index] } : chart.series.map { $0.values[index] }.max() ?? 0
        }
        let maximum = niceMaximum(totals.max() ?? 0)
        var svg: Markup = """
            <figure><figcaption>\(chart.title)</figcaption>
            <svg class="chart" id="chart-\(chart.id)" data-kind="\(chart.kind.rawValue)" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(chart.title)">

            """
        // Legend.
        var x = left
        for (index, series) in chart.series.enumerated() {
            svg += "<rect x=\"\(x)\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(palette[index % palette.count])\"/><text x=\"\(x + 14)\" y=\"15\">\(series.name)</text>"
            x += 24 + Double(series.name.count) * 6.5
        }
        guard !chart.categories.isEmpty else {
            return svg + "<text x=\"\(left)\" y=\"\(top + 40)\">no data</text></svg></figure>"
        }
        if chart.kind == .horizontal {
            let labelWidth = 150.0
            let row = plotHeight / Double(chart.categories.count)
            for (index, category) in chart.categories.enumerated() {
                let value = chart.series.first?.values[index] ?? 0
                let y = top + Double(index) * row
                let length = maximum > 0 ? (width - labelWidth - right - 40) * value / maximum : 0
                svg += "<text x=\"4\" y=\"\(f(y + row * 0.6))\">\(category)</text>"
                svg += bar(x: labelWidth, y: y + row * 0.15, width: length, height: row * 0.7, color: palette[0], series: chart.series.first?.name ?? "",
                           category: category, value: value, unit: chart.unit)
                svg += "<text x=\"\(f(labelWidth + length + 4))\" y=\"\(f(y + row * 0.6))\">\(number(value))</text>"
            }
            return svg + "</svg></figure>"
        }
        // Value axis.
        for step in 0...2 {
            let value = maximum * Double(step) / 2, y = top + plotHeight - plotHeight * Double(step) / 2
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#dde2ea\"/><text x=\"\(left - 6)\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(number(value))</text>"
        }
        let slot = plotWidth / Double(chart.categories.count)
        let labelEvery = (chart.categories.count + 23) / 24
        let barWidth = chart.kind == .stacked ? slot * 0.6 : slot * 0.8 / Double(max(chart.series.count, 1))
        for (index, category) in chart.categories.enumerated() {
            let slotX = left + Double(index) * slot
            var base = top + plotHeight
            for (number, series) in chart.series.enumerated() {
                let value = series.values[index]
                let length = maximum > 0 ? plotHeight * value / maximum : 0
                let color = palette[number % palette.count]
                if chart.kind == .stacked {
                    base -= length
                    svg += bar(x: slotX + slot * 0.2, y: base, width: barWidth, height: length, color: color, series: series.name, category: category, value: value, unit: chart.unit)
                } else {
                    svg += bar(x: slotX + slot * 0.1 + Double(number) * barWidth, y: top + plotHeight - length, width: barWidth, height: length, color: color,
                               series: series.name, category: category, value: value, unit: chart.unit)
                }
            }
            // At most about 24 labels under the axis; every bar keeps its category in its tooltip and data.
            guard index % labelEvery == 0 else { continue }
            let labelX = slotX + slot / 2, labelY = top + plotHeight + 12
            svg += "<text x=\"\(f(labelX))\" y=\"\(f(labelY))\" text-anchor=\"end\" transform=\"rotate(-35 \(f(labelX)) \(f(labelY)))\">\(category)</text>"
        }
        return svg + "</svg></figure>"
    }

    static func bar(x: Double, y: Double, width: Double, height: Double, color: String, series: String, category: String, value: Double, unit: String) -> Markup {
        "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(width, 0)))\" height=\"\(f(max(height, 0)))\" fill=\"\(color)\" "
            + "data-series=\"\(series)\" data-category=\"\(category)\" data-value=\"\(number(value))\">"
            + "<title>\(category) · \(series): \(number(value)) \(unit)</title></rect>"
    }

    /// 1, 2 or 5 times a power of ten, at least the value (and at least 1).
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        var scale = 1.0
        while scale * 10 < value { scale *= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * scale >= value { return factor * scale }
        return 10 * scale
    }

    static func f(_ value: Double) -> String { Figure.decimal(value) }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : Figure.decimal(value)
    }
}
