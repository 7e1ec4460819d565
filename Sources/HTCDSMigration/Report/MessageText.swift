/// Names from the input or the mapping as messages quote them: cut to a
/// length a terminal line holds, saying how long they really are, so that a
/// megabyte-long column name is never printed (twice) in a message.
enum MessageText {
    static let limit = 60

    static func name(_ text: String) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count) characters)"
    }

    /// `a, b or c`.
    static func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
