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

    /// Whether `apply` only trims (no collapsing, no case).
    var onlyTrims: Bool { trim && !collapseSpaces && letterCase == nil }

    /// `trimmed` on bytes, when ASCII whitespace is all there is to trim;
    /// nil when the text starts or ends with a byte of a longer character
    /// (a non-breaking space, say), which the String path judges.
    static func trimmedASCII(_ bytes: ByteView) -> ByteView? {
        var start = 0
        var end = bytes.count
        while start < end, isASCIIWhitespace(bytes[start]) { start += 1 }
        while end > start, isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
        if start < end && (bytes[start] >= 0x80 || bytes[end - 1] >= 0x80) { return nil }
        return bytes.part(start..<end)
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Without leading and trailing whitespace, non-breaking spaces included.
    static func trimmed(_ text: String) -> String {
        // Fast path: text that starts and ends with a visible ASCII byte is trimmed already.
        let utf8 = text.utf8
        guard let head = utf8.first else { return text }
        let tail = utf8[utf8.index(before: utf8.endIndex)]
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
/// ignoring case and surrounding spaces. Asked of every cell, so the usual
/// case (a cell longer than every token, or ASCII) allocates nothing.
struct EmptyTokens: Sendable {
    private let tokens: Set<String>
    /// ASCII tokens, lowercased, as bytes.
    private let asciiTokens: [[UInt8]]
    private let hasNonASCIITokens: Bool
    private let longestToken: Int

    init(_ tokens: [String]) {
        let lowered = Set(tokens.map { TextCleaning.trimmed($0).lowercased() })
        self.tokens = lowered
        asciiTokens = lowered.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) }
        hasNonASCIITokens = lowered.contains { $0.utf8.contains { $0 >= 0x80 } }
        // With ASCII tokens only, a text longer than the longest cannot be one.
        longestToken = lowered.map(\.utf8.count).max() ?? 0
    }

    /// Whether a cleaned item is one of the tokens: compared as bytes when
    /// every token is ASCII, lowercased as text otherwise.
    func isEmpty(_ bytes: ByteView) -> Bool {
        if bytes.isEmpty { return true }
        if hasNonASCIITokens { return tokens.contains(bytes.string.lowercased()) }
        return isASCIIToken(bytes)
    }

    func isEmpty(_ text: String) -> Bool {
        text.utf8.isEmpty || ByteView.with(text) { isEmpty($0) }
    }

    /// Whether the bytes are one of the ASCII tokens, ignoring case.
    private func isASCIIToken(_ bytes: some Collection<UInt8>) -> Bool {
        guard bytes.count <= longestToken else { return false }
        for token in asciiTokens where token.count == bytes.count {
            var same = true
            for (byte, expected) in zip(bytes, token) {
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lower != expected { same = false; break }
            }
            if same { return true }
        }
        return false
    }
}
