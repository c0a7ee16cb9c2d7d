import Foundation

/// stdout or stderr, written unbuffered so progress and errors interleave as they happen.
struct Output: Sendable {
    let handle: FileHandle

    static let standardOutput = Output(handle: .standardOutput)
    static let standardError = Output(handle: .standardError)

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}

extension Output {
    static func stream(_ stream: DiagnosticPrinter.Stream) -> Output {
        stream == .standardOutput ? .standardOutput : .standardError
    }
}
