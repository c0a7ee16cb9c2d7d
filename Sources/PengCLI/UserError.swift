/// A problem with what the user asked for: what went wrong and how to fix it. Printed without a stack trace.
struct UserError: Error, CustomStringConvertible {
    var message: String
    var hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    var description: String {
        hint.map { "\(message)\n    hint: \($0)" } ?? message
    }
}
