/// Trim and collapse whitespace, change case: the first steps every text takes.
struct TextCleaning {
    enum LetterCase: String, CaseIterable {
        case upper, lower, title
    }

    var trim = true
    var collapseSpaces = false
    var letterCase: LetterCase?

    func apply(_ text: String) -> String {
        var result = text
        if collapseSpaces {
            result = result.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        } else if trim {
            result = Self.trimmed(result)
        }
        switch letterCase {
        case .upper: result = result.uppercased()
        case .lower: result = result.lowercased()
        case .title: result = result.lowercased().split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        case nil: break
        }
        return result
    }

    /// Without leading and trailing whitespace, non-breaking spaces included.
    static func trimmed(_ text: String) -> String {
        // Fast path: text that starts and ends with a visible ASCII byte is trimmed already.
        let utf8 = text.utf8
        guard let head = utf8.first, let tail = utf8.last else { return text }
        if head > 0x20 && head < 0x7F && tail > 0x20 && tail < 0x7F { return text }
        guard let first = text.first, let last = text.last, first.isWhitespace || last.isWhitespace else {
            return text
        }
        var slice = Substring(text)
        while let head = slice.first, head.isWhitespace { slice.removeFirst() }
        while let tail = slice.last, tail.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

/// Tokens that mean "no value" (`""`, `N/A`, `-`, `unknown`), compared
/// ignoring case and surrounding spaces.
struct EmptyTokens {
    private let tokens: Set<String>

    init(_ tokens: [String]) {
        self.tokens = Set(tokens.map { TextCleaning.trimmed($0).lowercased() })
    }

    func isEmpty(_ text: String) -> Bool {
        text.isEmpty || tokens.contains(text.lowercased())
    }
}
