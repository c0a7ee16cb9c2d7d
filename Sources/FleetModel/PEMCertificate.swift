import Foundation

/// Certificates in PEM form, checked as far as a platform team's mistakes go: every `CERTIFICATE` block decodes from
/// base64 and holds exactly one DER X.509 certificate — a SEQUENCE of the to-be-signed certificate (a SEQUENCE), the
/// signature algorithm (a SEQUENCE) and the signature (a BIT STRING), each length consistent with the bytes there
/// (RFC 5280 §4.1, ITU-T X.690 DER). A truncated paste, a private key or a base64 typo fails; the signature is not
/// verified (the cluster trusts what the team gives it).
public enum PEMCertificate {
    /// Why `text` is not one or more whole PEM certificates, or nil when it is.
    public static func problem(in text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var blocks = 0
        var body: [String]?
        for line in lines {
            if line == "-----BEGIN CERTIFICATE-----" {
                guard body == nil else { return "a BEGIN CERTIFICATE line comes before the END of the certificate above it" }
                body = []
            } else if line == "-----END CERTIFICATE-----" {
                guard let base64 = body?.joined() else { return "an END CERTIFICATE line has no BEGIN CERTIFICATE before it" }
                blocks += 1
                guard let der = Data(base64Encoded: base64) else { return "certificate \(blocks) is not valid base64" }
                if let problem = structureProblem([UInt8](der)) { return "certificate \(blocks) \(problem)" }
                body = nil
            } else if line.hasPrefix("-----BEGIN ") {
                return "it holds '\(line)', not a CERTIFICATE block (never put a private key in the fleet)"
            } else if body != nil {
                body?.append(line)
            } else {
                return "text outside a BEGIN/END CERTIFICATE block: '\(line.prefix(40))'"
            }
        }
        if body != nil { return "the last certificate has no END CERTIFICATE line (is it cut off?)" }
        return blocks == 0 ? "no BEGIN CERTIFICATE block" : nil
    }

    /// The DER structure of one certificate, or what is wrong with it.
    static func structureProblem(_ bytes: [UInt8]) -> String? {
        guard let outer = element(bytes, at: 0), outer.tag == 0x30 else { return "is not a DER certificate (no outer SEQUENCE)" }
        guard outer.end == bytes.count else {
            return outer.end > bytes.count ? "is cut off: \(bytes.count) of \(outer.end) bytes" : "has \(bytes.count - outer.end) bytes after its end"
        }
        var position = outer.contentStart
        for (tag, name) in [(UInt8(0x30), "tbsCertificate"), (0x30, "signatureAlgorithm"), (0x03, "signature")] {
            guard let part = element(bytes, at: position), part.end <= outer.end else { return "is cut off in its \(name)" }
            guard part.tag == tag else { return "is not an X.509 certificate (its \(name) is missing)" }
            position = part.end
        }
        return position == outer.end ? nil : "is not an X.509 certificate (more than three parts)"
    }

    /// One DER element at `offset`: its tag, where its contents start and where it ends (may lie beyond the bytes).
    private static func element(_ bytes: [UInt8], at offset: Int) -> (tag: UInt8, contentStart: Int, end: Int)? {
        guard offset + 2 <= bytes.count else { return nil }
        let first = bytes[offset + 1]
        if first < 0x80 { return (bytes[offset], offset + 2, offset + 2 + Int(first)) }
        let count = Int(first & 0x7F)
        guard (1...4).contains(count), offset + 2 + count <= bytes.count else { return nil }
        let length = bytes[(offset + 2)..<(offset + 2 + count)].reduce(0) { $0 << 8 | Int($1) }
        return (bytes[offset], offset + 2 + count, offset + 2 + count + length)
    }
}
