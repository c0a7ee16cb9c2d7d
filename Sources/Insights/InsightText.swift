import Foundation
/// Aligned text tables for a terminal; numbers right-aligned.
public enum InsightText {
    public static func render(_ view: InsightView) -> String {
        var out = "\(view.title)\n\n"
        for note in view.notes { out += "  \(note)\n" }
        if !view.notes.isEmpty { out += "\n" }
        for table in view.tables {
            out += "\(table.title)\n"
            if table.rows.isEmpty {
                out += "  (\(table.empty))\n\n"
                continue
            }
            let widths = table.columns.indices.map { column in
                ([table.columns[column]] + table.rows.map { $0[column] }).map(\.count).max() ?? 0
            }
            let numeric = table.columns.indices.map { column in table.rows.allSatisfy { isNumeric($0[column]) } }
            func line(_ cells: [String]) -> String {
                let padded = cells.enumerated().map { column, cell in
                    let pad = String(repeating: " ", count: widths[column] - cell.count)
                    return numeric[column] ? pad + cell : cell + pad
                }
                return "  " + padded.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
            }
            out += line(table.columns)
            for row in table.rows { out += line(row) }
            out += "\n"
        }
        return out
    }

    static func isNumeric(_ cell: String) -> Bool {
        !cell.isEmpty && (cell == "–" || cell.allSatisfy { $0.isNumber || ".% -hminds".contains($0) } && cell.first!.isNumber)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// One CSV for spreadsheets, long format (a pivot table builds any view of it): `table,row,column,value`, plus the
/// notes as `note` rows. RFC 4180 quoting.
public enum InsightCSV {
    public static func render(_ view: InsightView) -> String {
        var out = "table,row,column,value\r\n"
        for (index, note) in view.notes.enumerated() { out += [ "note", String(index + 1), "", note ].map(quote).joined(separator: ",") + "\r\n" }
        for table in view.tables {
            for row in table.rows {
                for column in table.columns.indices.dropFirst() {
                    out += [table.id, row[0], table.columns[column], row[column]].map(quote).joined(separator: ",") + "\r\n"
                }
            }
        }
        return out
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
