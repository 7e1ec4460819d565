/// A failure the tool explains in one message and ends with a chosen exit code.
struct CommandFailure: Error, Equatable {
    /// Bad input, mapping, or names (an unknown field, an unknown entity).
    static let badInputExitCode: Int32 = 2
    /// A data condition stopped the run.
    static let dataConditionExitCode: Int32 = 1

    let message: String
    let exitCode: Int32
    /// Whether the message is printed after "htcds: " (a multi-line mapping report is not).
    var prefixed = true

    static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(message: message, exitCode: badInputExitCode)
    }
}
