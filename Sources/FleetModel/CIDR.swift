/// An IPv4 or IPv6 network in CIDR notation, for parsing and overlap checks.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefixLength: Int

    /// As written in the fleet.
    public var description: String { text }
    private let text: String

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]) else { return nil }
        let address = String(parts[0])
        guard let bytes = address.contains(":") ? CIDR.parseIPv6(address) : CIDR.parseIPv4(address) else { return nil }
        guard length >= 0, length <= bytes.count * 8 else { return nil }
        self.bytes = bytes
        self.prefixLength = length
        self.text = text
    }

    /// Whether two networks share any address.
    public func overlaps(_ other: CIDR) -> Bool {
        guard bytes.count == other.bytes.count else { return false }
        return samePrefix(other, bits: min(prefixLength, other.prefixLength))
    }

    /// True when bits beyond the prefix are set (192.168.1.0/16).
    public var hasHostBits: Bool { canonical.bytes != bytes }

    /// The same network with the host bits cleared.
    public var canonical: (bytes: [UInt8], text: String) {
        var cleared = bytes
        for bit in prefixLength..<(bytes.count * 8) { cleared[bit / 8] &= ~(UInt8(0x80) >> UInt8(bit % 8)) }
        let address = bytes.count == 4 ? cleared.map(String.init).joined(separator: ".")
            : stride(from: 0, to: 16, by: 2).map { String(UInt16(cleared[$0]) << 8 | UInt16(cleared[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        return (cleared, "\(address)/\(prefixLength)")
    }

    private func samePrefix(_ other: CIDR, bits: Int) -> Bool {
        for bit in 0..<bits {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if bytes[bit / 8] & mask != other.bytes[bit / 8] & mask { return false }
        }
        return true
    }

    private static func parseIPv4(_ text: String) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isNumber), let value = UInt8(octet) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.splitting(by: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !group.isEmpty, group.count <= 4, let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

extension String {
    fileprivate func splitting(by separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
